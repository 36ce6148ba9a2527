# Regenerates lonely.csv and lonely.json: R `survey` with a certainty stratum of one PSU (n_h = N_h = 1)
# under every lonely-PSU option, a lonely stratum's total under "adjust", and a design whose every
# stratum is lonely under "average" (issue 15, items 3, 4 and 8).
#
#   cd tests/data/reference/survey/lonely && Rscript lonely.R
#
# Needs R >= 4.2 with survey and jsonlite (Debian: apt-get install r-cran-survey r-cran-jsonlite).
# Made with R 4.2.2 Patched, survey 4.1-1, jsonlite 1.8.4 (Debian bookworm).
suppressPackageStartupMessages({
  library(survey)
  library(jsonlite)
})
set.seed(34)
# Stratum 1: one PSU that is the whole stratum (a certainty unit, N = 1). Strata 2 and 3: 4 of 20 PSUs.
d <- data.frame(stratum = c(rep(1, 5), rep(2, 16), rep(3, 16)),
                psu = c(rep(1, 5), rep(2:5, each = 4), rep(6:9, each = 4)),
                N = c(rep(1, 5), rep(20, 32)))
d$w <- ifelse(d$stratum == 1, 1, 5 * 3)
d$y <- round(rnorm(nrow(d), 50, 12), 1)
# Every stratum lonely: one PSU in each of three strata, no fpc.
d$lonely_stratum <- c(rep(1, 5), rep(2, 16), rep(3, 16))
d$lonely_psu <- d$lonely_stratum
write.csv(d, "lonely.csv", row.names = FALSE)

cases <- list()
for (option in c("fail", "remove", "certainty", "adjust", "average")) {
  options(survey.lonely.psu = option)
  des <- svydesign(ids = ~psu, strata = ~stratum, fpc = ~N, weights = ~w, data = d)
  m <- svymean(~y, des); s <- svytotal(~y, des)
  cases[[length(cases) + 1]] <- list(design = "certainty", lonely = option, statistic = "mean", estimate = coef(m)[[1]], se = SE(m)[[1]])
  cases[[length(cases) + 1]] <- list(design = "certainty", lonely = option, statistic = "total", estimate = coef(s)[[1]], se = SE(s)[[1]])
}
# Stratum 1 lonely (no fpc): a total's lonely PSU under "adjust" (issue 15, item 8).
for (option in c("remove", "adjust", "average")) {
  options(survey.lonely.psu = option)
  des <- svydesign(ids = ~psu, strata = ~stratum, weights = ~w, data = d)
  m <- svymean(~y, des); s <- svytotal(~y, des)
  cases[[length(cases) + 1]] <- list(design = "one_lonely", lonely = option, statistic = "mean", estimate = coef(m)[[1]], se = SE(m)[[1]])
  cases[[length(cases) + 1]] <- list(design = "one_lonely", lonely = option, statistic = "total", estimate = coef(s)[[1]], se = SE(s)[[1]])
}
options(survey.lonely.psu = "average")
everyone <- svydesign(ids = ~lonely_psu, strata = ~lonely_stratum, weights = ~w, data = d)
m <- svymean(~y, everyone)
cases[[length(cases) + 1]] <- list(design = "all_lonely", lonely = "average", statistic = "mean", estimate = coef(m)[[1]], se = SE(m)[[1]])
write_json(list(
  designs = list(certainty = "svydesign(ids = ~psu, strata = ~stratum, fpc = ~N, weights = ~w, data = lonely.csv)",
                 one_lonely = "svydesign(ids = ~psu, strata = ~stratum, weights = ~w, data = lonely.csv)",
                 all_lonely = "svydesign(ids = ~lonely_psu, strata = ~lonely_stratum, weights = ~w, data = lonely.csv)"),
  r_version = R.version.string, survey_version = as.character(packageVersion("survey")), cases = cases
), "lonely.json", auto_unbox = TRUE, digits = NA, pretty = TRUE, na = "string")
