# Regenerates calibrate_functions.csv and calibrate_functions.json: R `survey`'s calibration by each
# calibration function (issue 15, items 7 and 16) on a stratified cluster sample whose weights vary
# inside every PSU, with two categorical margins (area, agegrp) and a numeric auxiliary (hh):
#   * calibrate() to totals of an intercept, both margins and hh with calfun "linear" (R's closed
#     form, regcalibrate), "raking", "logit" with bounds, and "linear"/"raking" with bounds (R's
#     Newton iterations, grake), and "raking" on weights so small that grake rescales them first;
#   * rake() on both margins where R stops on the joint table of the margins a sweep before a
#     margin-by-margin check would (epsilon 1, and epsilon < 1 as a fraction of the total weight);
#   * two calibrations R refuses ("Calibration failed" / an error inside grake).
# For each: the calibrated weights, and svymean/svytotal of y with their standard errors.
#
#   cd tests/data/reference/survey/calibrate_functions && Rscript calibrate_functions.R
#
# Needs R >= 4.2 with survey and jsonlite (Debian: apt-get install r-cran-survey r-cran-jsonlite).
# Made with R 4.2.2 Patched, survey 4.1-1, jsonlite 1.8.4 (Debian bookworm).
suppressPackageStartupMessages({
  library(survey)
  library(jsonlite)
})
set.seed(1)
psus <- data.frame(stratum = rep(1:4, c(6, 7, 8, 9)))
psus$psu <- seq_len(nrow(psus))
psus$m <- sample(8:12, nrow(psus), replace = TRUE)
d <- psus[rep(seq_len(nrow(psus)), psus$m), c("stratum", "psu")]
rownames(d) <- NULL
d$w <- round(c(120, 180, 90, 150)[d$stratum] * runif(nrow(d), 0.6, 1.6), 2)
d$area <- sample(c("nongthon", "thanhthi"), nrow(d), replace = TRUE, prob = c(0.6, 0.4))
d$agegrp <- sample(c("a18_34", "a35_59", "a60"), nrow(d), replace = TRUE, prob = c(0.35, 0.45, 0.2))
d$hh <- round(rlnorm(nrow(d), log(4) - 0.3 * (d$area == "thanhthi"), 0.35), 1)
d$y <- round(50 + 6 * (d$area == "thanhthi") + 4 * (d$agegrp == "a60") + 2.5 * d$hh + rnorm(nrow(d), 0, 8), 1)
d$w_small <- d$w / 100  # weights summing to ~1/100 of the population: grake rescales them (scales > 20)
write.csv(d, "calibrate_functions.csv", row.names = FALSE)
d <- read.csv("calibrate_functions.csv")  # what the test reads, to the digit

formula <- ~area + agegrp + hh
population <- c("(Intercept)" = 44500, areathanhthi = 18500, agegrpa35_59 = 20800, agegrpa60 = 8300, hh = 172000)
design_of <- function(weights) svydesign(ids = ~psu, strata = ~stratum, weights = weights, data = d)
des <- design_of(~w)

figures <- function(design) {
  m <- svymean(~y, design); s <- svytotal(~y, design)
  list(list(statistic = "mean", variable = "y", estimate = coef(m)[[1]], se = SE(m)[[1]]),
       list(statistic = "total", variable = "y", estimate = coef(s)[[1]], se = SE(s)[[1]]))
}

calibrations <- list(
  list(name = "linear", weights = "w", calfun = "linear", bounds = NULL),
  list(name = "raking", weights = "w", calfun = "raking", bounds = NULL),
  list(name = "logit_bounded", weights = "w", calfun = "logit", bounds = c(0.9, 1.15)),
  list(name = "raking_bounded", weights = "w", calfun = "raking", bounds = c(0.9, 1.15)),
  list(name = "linear_bounded", weights = "w", calfun = "linear", bounds = c(0.9, 1.15)),
  list(name = "raking_rescaled", weights = "w_small", calfun = "raking", bounds = NULL)
)
cases <- lapply(calibrations, function(spec) {
  base <- design_of(as.formula(paste("~", spec$weights)))
  cal <- if (is.null(spec$bounds)) calibrate(base, formula, population, calfun = spec$calfun) else
    calibrate(base, formula, population, calfun = spec$calfun, bounds = spec$bounds)
  c(spec, list(calibrated_weights = unname(weights(cal)), figures = figures(cal)))
})

margins <- list(area = data.frame(area = c("nongthon", "thanhthi"), Freq = c(26000, 20500)),
                agegrp = data.frame(agegrp = c("a18_34", "a35_59", "a60"), Freq = c(17000, 19500, 10000)))
# The change between sweeps R tests (the joint area × agegrp table) and the one a margin-by-margin
# check would test, sweep by sweep, by the same post-stratifications rake() makes.
changes <- function(sweeps) {
  design <- des
  old <- svytable(~area + agegrp, design)
  old_margins <- c(svytable(~area, design), svytable(~agegrp, design))
  rows <- lapply(seq_len(sweeps), function(k) {
    design <<- postStratify(postStratify(design, ~area, margins$area), ~agegrp, margins$agegrp)
    new <- svytable(~area + agegrp, design)
    new_margins <- c(svytable(~area, design), svytable(~agegrp, design))
    row <- list(sweep = k, joint = max(abs(new - old)), margins = max(abs(new_margins - old_margins)))
    old <<- new; old_margins <<- new_margins
    row
  })
  rows
}
rakes <- lapply(list(list(name = "rake_epsilon_1", epsilon = 1), list(name = "rake_epsilon_fraction", epsilon = 2e-5)), function(spec) {
  control <- list(maxit = 10, epsilon = spec$epsilon, verbose = FALSE)
  raked <- rake(des, list(~area, ~agegrp), margins, control = control)
  # The sweep R stopped after: the fewest sweeps that give the same weights.
  sweeps <- which(sapply(1:10, function(k) identical(weights(suppressWarnings(
    rake(des, list(~area, ~agegrp), margins, control = list(maxit = k, epsilon = spec$epsilon, verbose = FALSE)))),
    weights(raked))))[1]
  c(spec, list(maxit = 10, tolerance = if (spec$epsilon < 1) spec$epsilon * sum(weights(des)) else spec$epsilon,
               sweeps = sweeps, changes = changes(sweeps + 1),
               calibrated_weights = unname(weights(raked)), figures = figures(raked)))
})

refusals <- lapply(list(
  list(name = "logit_bounds_unreachable", calfun = "logit", bounds = c(0.97, 1.03), maxit = 50),
  list(name = "raking_too_few_iterations", calfun = "raking", bounds = NULL, maxit = 2)
), function(spec) {
  said <- character()
  outcome <- withCallingHandlers(
    tryCatch({
      if (is.null(spec$bounds)) calibrate(des, formula, population, calfun = spec$calfun, maxit = spec$maxit) else
        calibrate(des, formula, population, calfun = spec$calfun, bounds = spec$bounds, maxit = spec$maxit)
      "calibrated"
    }, error = function(e) paste("error:", conditionMessage(e))),
    warning = function(w) { said <<- c(said, conditionMessage(w)); invokeRestart("muffleWarning") })
  c(spec, list(r_says = outcome, r_warnings = said))
})

write_json(list(design = "svydesign(ids = ~psu, strata = ~stratum, weights = ~w, data = calibrate_functions.csv)",
                formula = "~area + agegrp + hh",
                population = as.list(population),
                calibrate = "calibrate(design, ~area + agegrp + hh, population, calfun = <calfun>[, bounds = <bounds>])",
                margins = lapply(margins, function(m) setNames(as.list(m$Freq), m[[1]])),
                rake = "rake(design, list(~area, ~agegrp), margins, control = list(maxit = 10, epsilon = <epsilon>))",
                r_version = R.version.string, survey_version = as.character(packageVersion("survey")),
                cases = cases, rakes = rakes, refusals = refusals),
           "calibrate_functions.json", auto_unbox = TRUE, digits = NA, pretty = TRUE, null = "null")
