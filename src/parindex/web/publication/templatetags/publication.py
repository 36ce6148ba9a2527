"""What publication shows on other apps' pages, without those apps importing it: the cycle page
loads ``{% printed_documents cycle %}`` to follow the printing of its latest snapshot."""
from django import template

from parindex.web.publication.printing import progress

register = template.Library()


@register.inclusion_tag("publication/_printed.html")
def printed_documents(cycle):
    snapshot = cycle.snapshots.order_by("-version").defer("payload").first()
    return {"snapshot": snapshot, "printed": snapshot and progress(snapshot)}
