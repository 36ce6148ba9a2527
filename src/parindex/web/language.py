"""Vietnamese unless the person chose English with the switch (a cookie), whatever the browser says.

Django's LocaleMiddleware would follow the browser's Accept-Language, so an English-configured
browser in a provincial office would silently get English; the programme's language is Vietnamese.
"""
from django.conf import settings
from django.utils import translation


class LanguageMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response
        self.languages = {code for code, _ in settings.LANGUAGES}

    def __call__(self, request):
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        language = chosen if chosen in self.languages else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = language
        response = self.get_response(request)
        response.headers.setdefault("Content-Language", language)
        return response
