# Regenerates woodruff_edges.csv and woodruff_edges.json: R `survey`'s Woodruff intervals for quantiles
# near the ends, where share ± t × SE leaves [0, 1] (issue 15, item 12): R gives NaN for the lower end
# (and so for the SE) below 0 (and NaN for an upper end above 1, by its code; here p = 0.97 has SE 0).
#
#   cd tests/data/reference/survey/woodruff_edges && Rscript woodruff_edges.R
#
# Needs R >= 4.2 with survey and jsonlite (Debian: apt-get install r-cran-survey r-cran-jsonlite).
# Made with R 4.2.2 Patched, survey 4.1-1, jsonlite 1.8.4 (Debian bookworm).
suppressPackageStartupMessages({
  library(survey)
  library(jsonlite)
})
set.seed(12)
d <- data.frame(x = round(rexp(30, 0.2), 2), w = round(runif(30, 1, 3), 3))
write.csv(d, "woodruff_edges.csv", row.names = FALSE)
des <- svydesign(ids = ~1, weights = ~w, data = d)
cases <- lapply(c(0.02, 0.05, 0.5, 0.97), function(p) {
  q <- svyquantile(~x, des, p, qrule = "math", ci = TRUE)
  list(p = p, quantile = coef(q)[[1]], ci_low = confint(q)[1, 1], ci_high = confint(q)[1, 2], se = SE(q)[[1]])
})
write_json(list(call = "svyquantile(~x, svydesign(ids = ~1, weights = ~w, data = woodruff_edges.csv), p, qrule = \"math\", ci = TRUE)",
                r_version = R.version.string, survey_version = as.character(packageVersion("survey")), cases = cases),
           "woodruff_edges.json", auto_unbox = TRUE, digits = NA, pretty = TRUE, na = "string")
