# Regenerates cli_options.json and totals_stype_api99.csv: R `survey` figures for the options that
# `parindex survey estimate` offers for issue 15 — svyciprop's interval methods in a domain (with
# the domain's degrees of freedom), a contrast of domain means with their covariance, and
# calibration by raking and by logit with bounds to totals that include a numeric variable.
#
#   cd tests/data/reference/survey/cli_options && Rscript cli_options.R
#
# Needs R >= 4.2 with survey and jsonlite (Debian: apt-get install r-cran-survey r-cran-jsonlite).
# Made with R 4.2.2 Patched, survey 4.1-1, jsonlite 1.8.4 (Debian bookworm).
suppressPackageStartupMessages({
  library(survey)
  library(jsonlite)
})
apiclus1 <- read.csv("../api/apiclus1.csv")
dclus1 <- svydesign(ids = ~dnum, weights = ~pw, fpc = ~fpc, data = apiclus1)
out <- list()
for (method in c("logit", "likelihood", "xlogit", "mean", "beta")) {
  f <- svyciprop(~I(awards == "Yes"), subset(dclus1, stype == "H"), method = method)
  ci <- unname(attr(f, "ci"))
  out[[paste0("ciprop_H_", method)]] <- list(estimate = unname(as.numeric(f))[1], ci_low = ci[1], ci_high = ci[2],
                                               df = degf(subset(dclus1, stype == "H")))
}
k <- svycontrast(svyby(~api00, ~stype, dclus1, svymean, covmat = TRUE), c(E = 1, H = -1))
out$contrast_E_H <- list(estimate = unname(coef(k))[1], se = unname(SE(k))[1])
totals <- c(`(Intercept)` = 6194, stypeH = 755, stypeM = 1018, api99 = 3914069)
write.csv(data.frame(name = names(totals), total = unname(totals)), "totals_stype_api99.csv", row.names = FALSE)
for (calfun in c("raking", "logit")) {
  bounds <- if (calfun == "logit") c(0.7, 1.7) else c(-Inf, Inf)
  cal <- calibrate(dclus1, ~stype + api99, totals, calfun = calfun, bounds = bounds)
  m <- svymean(~api00, cal)
  out[[paste0("calibrate_", calfun)]] <- list(estimate = unname(coef(m))[1], se = unname(SE(m))[1])
}
write_json(c(list(r_version = R.version.string, survey_version = as.character(packageVersion("survey"))), out),
           "cli_options.json", auto_unbox = TRUE, digits = NA, pretty = TRUE)
