# Regenerates small_domains.csv and small_domains.json: R `survey` on domains of one and two
# respondents and a domain whose variable is all missing (issue 15, item 1).
#
#   cd tests/data/reference/survey/small_domains && Rscript small_domains.R
#
# Needs R >= 4.2 with survey and jsonlite (Debian: apt-get install r-cran-survey r-cran-jsonlite).
# Made with R 4.2.2 Patched, survey 4.1-1, jsonlite 1.8.4 (Debian bookworm).
suppressPackageStartupMessages({
  library(survey)
  library(jsonlite)
})
set.seed(15)
d <- data.frame(psu = rep(1:12, each = 4), stratum = rep(1:3, each = 16))
d$w <- round(runif(nrow(d), 50, 150), 2)
d$y <- round(rnorm(nrow(d), 60, 15), 1)
d$dom <- sample(c("a", "b", "c"), nrow(d), replace = TRUE)
d$dom[7] <- "one"                                  # a domain of one respondent
d$dom[c(20, 33)] <- "two"                          # of two respondents, in different strata
d$dom[c(40, 41)] <- "gone"; d$y[c(40, 41)] <- NA   # a domain whose variable is all missing
write.csv(d, "small_domains.csv", row.names = FALSE, na = "")

des <- svydesign(ids = ~psu, strata = ~stratum, weights = ~w, data = d)
means <- svyby(~y, ~dom, des, svymean, na.rm = TRUE, deff = TRUE)
totals <- svyby(~y, ~dom, des, svytotal, na.rm = TRUE)
rows <- function(tab, statistic) lapply(seq_len(nrow(tab)), function(i) list(
  statistic = statistic, domain = as.character(tab$dom[i]), estimate = tab$y[i], se = tab$se[i],
  deff = if ("DEff.y" %in% names(tab)) tab$DEff.y[i] else NULL))
write_json(list(
  design = "svydesign(ids = ~psu, strata = ~stratum, weights = ~w, data = small_domains.csv)",
  calls = c("svyby(~y, ~dom, des, svymean, na.rm = TRUE, deff = TRUE)", "svyby(~y, ~dom, des, svytotal, na.rm = TRUE)"),
  r_version = R.version.string, survey_version = as.character(packageVersion("survey")),
  cases = c(rows(means, "mean"), rows(totals, "total"))
), "small_domains.json", auto_unbox = TRUE, digits = NA, pretty = TRUE, na = "string")
