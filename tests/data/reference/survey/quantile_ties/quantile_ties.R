# Regenerates quantile_ties.csv and quantile_ties.json: R `survey`'s "math" quantiles where p times the
# total weight lands exactly on a cumulative weight (issue 15, item 11) — equal weights, n = 28 and
# n = 40, p = 0.25, 0.5, 0.75 and 0.1.
#
#   cd tests/data/reference/survey/quantile_ties && Rscript quantile_ties.R
#
# Needs R >= 4.2 with survey and jsonlite (Debian: apt-get install r-cran-survey r-cran-jsonlite).
# Made with R 4.2.2 Patched, survey 4.1-1, jsonlite 1.8.4 (Debian bookworm).
suppressPackageStartupMessages({
  library(survey)
  library(jsonlite)
})
set.seed(11)
d <- data.frame(id = 1:68, group = c(rep("n28", 28), rep("n40", 40)))
d$x <- round(runif(68, 2, 12), 3)
d$w <- ifelse(d$group == "n28", 37.3, 12.1)
write.csv(d, "quantile_ties.csv", row.names = FALSE)
cases <- list()
for (g in c("n28", "n40")) {
  des <- svydesign(ids = ~1, weights = ~w, data = d[d$group == g, ])
  for (p in c(0.1, 0.25, 0.5, 0.75)) {
    q <- svyquantile(~x, des, p, qrule = "math", ci = FALSE)
    cases[[length(cases) + 1]] <- list(group = g, p = p, quantile = coef(q)[[1]])
  }
}
write_json(list(call = "svyquantile(~x, svydesign(ids = ~1, weights = ~w, data = one group), p, qrule = \"math\")",
                r_version = R.version.string, survey_version = as.character(packageVersion("survey")), cases = cases),
           "quantile_ties.json", auto_unbox = TRUE, digits = NA, pretty = TRUE)
