# Regenerates poststratify_unequal.csv and poststratify_unequal.json: R `survey`'s post-stratified means
# and totals where the weights vary inside a post-stratum, as in nearly every real design (issue 15,
# item 6): R centres each unit's influence on Σ(x·w_old/w_ps)/Σw_old within its cell.
#
#   cd tests/data/reference/survey/poststratify_unequal && Rscript poststratify_unequal.R
#
# Needs R >= 4.2 with survey and jsonlite (Debian: apt-get install r-cran-survey r-cran-jsonlite).
# Made with R 4.2.2 Patched, survey 4.1-1, jsonlite 1.8.4 (Debian bookworm).
suppressPackageStartupMessages({
  library(survey)
  library(jsonlite)
})
set.seed(6)
d <- data.frame(stratum = rep(1:3, each = 20), psu = rep(1:15, each = 4))
d$w <- round(runif(nrow(d), 20, 200), 2)
d$sex <- sample(c("nam", "nu"), nrow(d), replace = TRUE)
d$y <- round(rnorm(nrow(d), 60 + 8 * (d$sex == "nu"), 12), 1)
write.csv(d, "poststratify_unequal.csv", row.names = FALSE)
population <- data.frame(sex = c("nam", "nu"), Freq = c(3600, 4100))
cases <- list()
for (kind in c("cluster", "stratified")) {
  des <- if (kind == "cluster") svydesign(ids = ~psu, weights = ~w, data = d) else
    svydesign(ids = ~psu, strata = ~stratum, weights = ~w, data = d)
  ps <- postStratify(des, ~sex, population)
  m <- svymean(~y, ps); s <- svytotal(~y, ps)
  cases[[length(cases) + 1]] <- list(design = kind, statistic = "mean", estimate = coef(m)[[1]], se = SE(m)[[1]])
  cases[[length(cases) + 1]] <- list(design = kind, statistic = "total", estimate = coef(s)[[1]], se = SE(s)[[1]])
}
write_json(list(designs = list(cluster = "svydesign(ids = ~psu, weights = ~w, data = poststratify_unequal.csv)",
                               stratified = "svydesign(ids = ~psu, strata = ~stratum, weights = ~w, data = poststratify_unequal.csv)"),
                adjustment = "postStratify(design, ~sex, data.frame(sex = c(\"nam\", \"nu\"), Freq = c(3600, 4100)))",
                population = list(nam = 3600, nu = 4100),
                r_version = R.version.string, survey_version = as.character(packageVersion("survey")), cases = cases),
           "poststratify_unequal.json", auto_unbox = TRUE, digits = NA, pretty = TRUE)
