# Regenerates survey_api_reference.json: R `survey` estimates on the California API samples.
#
#   cd tests/data/reference/survey
#   Rscript survey_api_reference.R /tmp/survey_api_reference.json    # then compare (README.md)
#   Rscript survey_api_reference.R survey_api_reference.json         # replace the reference
#
# Needs R >= 4.2 with survey and jsonlite (Debian: apt-get install r-cran-survey r-cran-jsonlite).
# The stored file was made with R 4.2.2 Patched (2022-11-10 r83330), survey 4.1-1, jsonlite 1.8.4
# (Debian bookworm); other versions may differ in the last digits.
#
# Provenance. The script that first wrote the JSON was not kept with the shared reference folder;
# this one was written afterwards from the JSON itself (every design's and case's `r_code`, the
# conventions and notes) and rerun: with the versions above it reproduces every stored number
# (see README.md, "Regenerating"). It reads the data frames of data(api) shipped in the survey
# package, which are the origin of api/*.csv.
#
# Each case carries `options`: the arguments given to R beyond the design and the variable, under
# the names the Python test reads. The script passes them to R from the same list it writes, so
# the file cannot say one thing while R was asked another:
#   deff          TRUE or "replace"           svymean/svytotal/svyby(deff = ...)
#   na_rm         TRUE                        svytotal(na.rm = TRUE)
#   ci            "wald" | "logit"            "wald": confint(svymean(~factor(x))) (normal quantile);
#                                             "logit": svyciprop(method = "logit") (t, degf df)
#   qrule         "math" | "hf7"              svyquantile(qrule = ...)
#   poststratify  a variable name             postStratify(design, ~variable, population counts)
# An empty `options` means R's defaults for that call.

suppressPackageStartupMessages({
  library(survey)
  library(jsonlite)
})

args <- commandArgs(trailingOnly = TRUE)
if (length(args) != 1) stop("usage: Rscript survey_api_reference.R OUTPUT.json")
output <- args[[1]]

data(api)

# ---- population values (census apipop) ----------------------------------------------------

pop.types <- as.data.frame(table(stype = apipop$stype))
pop.schwide <- as.data.frame(table(sch.wide = apipop$sch.wide))
pop.tables <- list(stype = pop.types, sch.wide = pop.schwide)
counts <- function(tab) as.list(setNames(tab$Freq, as.character(tab[[1]])))
pop.totals <- c(`(Intercept)` = nrow(apipop), stypeH = sum(apipop$stype == "H"),
                stypeM = sum(apipop$stype == "M"), api99 = sum(apipop$api99))

population <- list(
  mean_api00 = mean(apipop$api00),
  total_enroll = sum(apipop$enroll, na.rm = TRUE),
  N = nrow(apipop),
  n_enroll_missing = sum(is.na(apipop$enroll)),
  counts_stype = counts(pop.types),
  `counts_sch.wide` = counts(pop.schwide),
  total_api99 = sum(apipop$api99)
)

# ---- designs --------------------------------------------------------------------------------

dsrs <- svydesign(id = ~1, fpc = ~fpc, data = apisrs)
dstrat <- svydesign(id = ~1, strata = ~stype, weights = ~pw, data = apistrat, fpc = ~fpc)
dclus1 <- svydesign(id = ~dnum, weights = ~pw, data = apiclus1, fpc = ~fpc)
dclus2 <- svydesign(id = ~dnum + snum, fpc = ~fpc1 + fpc2, data = apiclus2)
dclus2wr <- svydesign(id = ~dnum + snum, weights = ~pw, data = apiclus2)
dclus1_poststrat <- postStratify(dclus1, ~stype, pop.types)
dclus1_rake <- rake(dclus1, list(~stype, ~sch.wide), list(pop.types, pop.schwide))
dclus1_greg <- calibrate(dclus1, ~stype + api99, pop.totals)
rclus1 <- as.svrepdesign(dclus1)
designs <- list(dsrs = dsrs, dstrat = dstrat, dclus1 = dclus1, dclus2 = dclus2, dclus2wr = dclus2wr,
                dclus1_poststrat = dclus1_poststrat, dclus1_rake = dclus1_rake,
                dclus1_greg = dclus1_greg, rclus1 = rclus1)

design_specs <- list(
  dsrs = list(
    data = "api/apisrs.csv", ids = "1", strata = NULL, weights = NULL, fpc = "fpc", probs = NULL,
    replicate = NULL,
    note = "simple random sample without replacement; weights implied by fpc (N/n)",
    r_code = "svydesign(id=~1, fpc=~fpc, data=apisrs)", degf = degf(dsrs)),
  dstrat = list(
    data = "api/apistrat.csv", ids = "1", strata = "stype", weights = "pw", fpc = "fpc",
    replicate = NULL, note = "stratified SRS without replacement within strata",
    r_code = "svydesign(id=~1, strata=~stype, weights=~pw, data=apistrat, fpc=~fpc)",
    degf = degf(dstrat)),
  dclus1 = list(
    data = "api/apiclus1.csv", ids = "dnum", strata = NULL, weights = "pw", fpc = "fpc",
    replicate = NULL,
    note = "one-stage cluster sample of school districts (15 of 757); weights pw as shipped (R documentation notes they are 'incorrect', true value 757/15; keep as shipped)",
    r_code = "svydesign(id=~dnum, weights=~pw, data=apiclus1, fpc=~fpc)", degf = degf(dclus1)),
  dclus2 = list(
    data = "api/apiclus2.csv", ids = c("dnum", "snum"), strata = NULL, weights = NULL,
    fpc = c("fpc1", "fpc2"), replicate = NULL,
    note = "two-stage cluster sample: districts then schools; fpc1/fpc2 are population counts (districts; schools in district); weights derived from fpc",
    r_code = "svydesign(id=~dnum+snum, fpc=~fpc1+fpc2, data=apiclus2)", degf = degf(dclus2)),
  dclus2wr = list(
    data = "api/apiclus2.csv", ids = c("dnum", "snum"), strata = NULL, weights = "pw", fpc = NULL,
    replicate = NULL,
    note = "same sample, with-replacement approximation (no fpc): only first-stage (PSU) variance is used",
    r_code = "svydesign(id=~dnum+snum, weights=~pw, data=apiclus2)", degf = degf(dclus2wr)),
  dclus1_poststrat = list(
    base = "dclus1", adjustment = "postStratify", by = "stype",
    population = list(stype = counts(pop.types)),
    r_code = "postStratify(dclus1, ~stype, pop.types)"),
  dclus1_rake = list(
    base = "dclus1", adjustment = "rake", margins = c("stype", "sch.wide"),
    population = list(stype = counts(pop.types), `sch.wide` = counts(pop.schwide)),
    r_code = "rake(dclus1, list(~stype, ~sch.wide), list(pop.types, pop.schwide))",
    note = "rake() defaults: control=list(maxit=10, epsilon=1, verbose=FALSE); variance by linearisation (residuals of the calibration model)"),
  dclus1_greg = list(
    base = "dclus1", adjustment = "calibrate (linear/GREG)", formula = "~stype + api99",
    population = as.list(pop.totals),
    r_code = "calibrate(dclus1, ~stype+api99, c(`(Intercept)`=6194, stypeH=755, stypeM=1018, api99=3914069))"),
  rclus1 = list(
    base = "dclus1",
    replicate = list(type = rclus1$type, n_replicates = ncol(rclus1$repweights$weights),
                     scale = rclus1$scale, rscales = unique(rclus1$rscales), mse = rclus1$mse,
                     scale_formula = "(R-1)/R * (1 - n_psu/N_psu) = 14/15 * (1 - 15/757)"),
    r_code = "as.svrepdesign(dclus1)   # type='auto' -> JK1; fpc from dclus1 is used in scale",
    note = "JK1: drop one PSU (district) at a time, multiply the others by R/(R-1); variance = scale * sum((theta_r - theta_full)^2) (mse=FALSE: centred at the mean of replicates)",
    degf = degf(rclus1))
)

# ---- estimates --------------------------------------------------------------------------------

no_options <- setNames(list(), character(0))   # written as {}: R's defaults

# The design a case is computed on: its named design, then any adjustment its options ask for.
case_design <- function(name, options) {
  d <- designs[[name]]
  by <- options$poststratify
  if (!is.null(by)) d <- postStratify(d, as.formula(paste0("~", by)), pop.tables[[by]])
  d
}

# estimate, se and (when asked) the 95 % interval and design effect of element `i` of a fit.
values <- function(fit, i = 1, ci = TRUE, deff = FALSE) {
  out <- list(estimate = unname(coef(fit)[i]), se = unname(SE(fit)[i]))
  if (ci) out$ci95 <- unname(confint(fit)[i, ])
  if (deff) {
    d <- survey::deff(fit)
    out$deff <- unname(if (is.matrix(d)) diag(d)[i] else d[i])
  }
  out
}

lhs <- function(variable) as.formula(paste0("~", variable))

moment <- function(statistic, variable, d, options) {
  f <- switch(statistic, mean = svymean, total = svytotal)
  f(lhs(variable), d, deff = if (is.null(options$deff)) FALSE else options$deff,
    na.rm = isTRUE(options$na_rm))
}

# Named in the file's field order: id, design, statistic, variable, options, numbers, r_code, notes.
case <- function(id, design, statistic, variable, options, numbers, r_code, notes = NULL) {
  out <- c(list(id = id, design = design, statistic = statistic, variable = variable,
                options = options), numbers, list(r_code = r_code))
  if (!is.null(notes)) out$notes <- notes
  out
}

moment_case <- function(id, design, statistic, variable, options, r_code, ci = TRUE, notes = NULL) {
  fit <- moment(statistic, variable, case_design(design, options), options)
  case(id, design, statistic, variable, options,
       values(fit, ci = ci, deff = !is.null(options$deff)), r_code, notes)
}

by_cases <- function(design, statistic, variable, by, options, r_code, ci = TRUE, notes = NULL) {
  d <- case_design(design, options)
  f <- switch(statistic, mean = svymean, total = svytotal)
  deff <- !is.null(options$deff)
  fit <- if (deff) svyby(lhs(variable), lhs(by), d, f, deff = options$deff)
         else svyby(lhs(variable), lhs(by), d, f)
  lapply(seq_along(coef(fit)), function(i) {
    level <- names(coef(fit))[i]
    v <- values(fit, i, ci = ci, deff = deff)
    numbers <- c(v[c("estimate", "se")], list(domain = setNames(list(level), by)),
                 v[setdiff(names(v), c("estimate", "se"))])
    case(sprintf("%s_by_%s_%s_%s_%s", design, by, statistic, variable, level), design, statistic,
         variable, options, numbers, r_code, notes)
  })
}

proportion_case <- function(id, design, variable, level, options, r_code, notes = NULL) {
  d <- case_design(design, options)
  if (options$ci == "wald") {
    fit <- svymean(as.formula(sprintf("~factor(%s)", variable)), d,
                   deff = if (is.null(options$deff)) FALSE else options$deff)
    i <- paste0("factor(", variable, ")", level)
    v <- values(fit, i, deff = !is.null(options$deff))
  } else {
    fit <- svyciprop(as.formula(sprintf("~I(%s == '%s')", variable, level)), d, method = options$ci)
    # svyciprop's coef, SE and confint keep its class, which jsonlite cannot write: plain numbers
    v <- list(estimate = as.numeric(coef(fit)), se = as.numeric(SE(fit)), ci95 = as.numeric(confint(fit)))
  }
  numbers <- c(v[c("estimate", "se")], list(level = level), v[setdiff(names(v), c("estimate", "se"))])
  case(id, design, "proportion", variable, options, numbers, r_code, notes)
}

quantile_case <- function(id, design, variable, p, options, r_code, notes) {
  fit <- svyquantile(lhs(variable), case_design(design, options), quantiles = p,
                     qrule = options$qrule)
  v <- values(fit)
  case(id, design, "quantile", variable, options,
       c(v[c("estimate", "se")], list(quantile = p), v["ci95"]), r_code, notes)
}

ratio_case <- function(id, design, numerator, denominator, options, r_code) {
  fit <- svyratio(lhs(numerator), lhs(denominator), case_design(design, options))
  case(id, design, "ratio", paste0(numerator, "/", denominator), options, values(fit), r_code)
}

stratum_note <- "stype is also the stratification variable here"
domain_note <- "domain estimation in a cluster design: domain is not a stratum; whole design kept (no subsetting of PSUs)"
hf7_note <- "qrule='hf7' = weighted analogue of Hyndman-Fan type 7 (R's default quantile type); interval.type='mean' (Woodruff), t with 14 df"
hf7_code <- "svyquantile(~api00, dclus1, quantiles=c(0.25,0.5,0.75), qrule='hf7')"
raked_weights <- weights(dclus1_rake)

cases <- c(
  list(
    moment_case("dsrs_mean_api00", "dsrs", "mean", "api00", list(deff = TRUE),
                "svymean(~api00, dsrs, deff=TRUE)"),
    moment_case("dsrs_total_enroll", "dsrs", "total", "enroll", list(deff = TRUE),
                "svytotal(~enroll, dsrs, deff=TRUE)"),
    moment_case("dstrat_mean_api00", "dstrat", "mean", "api00", list(deff = TRUE),
                "svymean(~api00, dstrat, deff=TRUE)"),
    moment_case("dstrat_total_enroll", "dstrat", "total", "enroll", list(deff = TRUE),
                "svytotal(~enroll, dstrat, deff=TRUE)"),
    moment_case("dstrat_mean_api00_deff_replace", "dstrat", "mean", "api00", list(deff = "replace"),
                "svymean(~api00, dstrat, deff='replace')", ci = FALSE,
                notes = "design effect relative to SRS WITH replacement"),
    moment_case("dclus1_mean_api00", "dclus1", "mean", "api00", list(deff = TRUE),
                "svymean(~api00, dclus1, deff=TRUE)"),
    moment_case("dclus1_total_enroll", "dclus1", "total", "enroll", list(deff = TRUE),
                "svytotal(~enroll, dclus1, deff=TRUE)"),
    moment_case("dclus2_mean_api00", "dclus2", "mean", "api00", list(deff = TRUE),
                "svymean(~api00, dclus2, deff=TRUE)"),
    moment_case("dclus2_total_enroll", "dclus2", "total", "enroll", list(deff = TRUE, na_rm = TRUE),
                "svytotal(~enroll, dclus2, deff=TRUE, na.rm=TRUE)",
                notes = "apiclus2$enroll has 6 missing values; na.rm=TRUE drops them (domain-style, design kept)"),
    moment_case("dclus2wr_mean_api00", "dclus2wr", "mean", "api00", no_options,
                "svymean(~api00, dclus2wr)"),
    proportion_case("dstrat_prop_awards_No", "dstrat", "awards", "No", list(deff = TRUE, ci = "wald"),
                    "svymean(~factor(awards), dstrat, deff=TRUE)"),
    proportion_case("dstrat_prop_awards_Yes", "dstrat", "awards", "Yes", list(deff = TRUE, ci = "wald"),
                    "svymean(~factor(awards), dstrat, deff=TRUE)"),
    proportion_case("dclus1_prop_awards_Yes_logitci", "dclus1", "awards", "Yes", list(ci = "logit"),
                    "svyciprop(~I(awards=='Yes'), dclus1, method='logit')",
                    notes = "CI from logit-transformed mean, t quantile with degf(dclus1)=14; SE is the linearisation SE of the proportion")
  ),
  by_cases("dstrat", "mean", "api00", "stype", list(deff = TRUE),
           "svyby(~api00, ~stype, dstrat, svymean, deff=TRUE)", notes = stratum_note),
  by_cases("dclus1", "mean", "api00", "stype", no_options,
           "svyby(~api00, ~stype, dclus1, svymean)", notes = domain_note),
  by_cases("dclus1", "total", "enroll", "stype", no_options,
           "svyby(~enroll, ~stype, dclus1, svytotal)", ci = FALSE),
  list(
    ratio_case("dclus1_ratio_apistu_enroll", "dclus1", "api.stu", "enroll", no_options,
               "svyratio(~api.stu, ~enroll, dclus1)"),
    quantile_case("dclus1_median_api00_math", "dclus1", "api00", 0.5, list(qrule = "math"),
                  "svyquantile(~api00, dclus1, quantiles=0.5)   # defaults qrule='math', interval.type='mean', df=degf(dclus1)",
                  "qrule='math': estimate = smallest x with weighted CDF >= p (inverse of the step CDF); interval.type='mean' = Woodruff: CI for p from the SE of the estimated CDF at the median, inverted through the CDF, t quantile with 14 df; se = (upper - lower)/(2*qt(0.975, 14))"),
    quantile_case("dclus1_q25_api00_hf7", "dclus1", "api00", 0.25, list(qrule = "hf7"), hf7_code, hf7_note),
    quantile_case("dclus1_q50_api00_hf7", "dclus1", "api00", 0.5, list(qrule = "hf7"), hf7_code, hf7_note),
    quantile_case("dclus1_q75_api00_hf7", "dclus1", "api00", 0.75, list(qrule = "hf7"), hf7_code, hf7_note),
    moment_case("dclus1_poststrat_mean_api00", "dclus1_poststrat", "mean", "api00", no_options,
                "svymean(~api00, postStratify(dclus1, ~stype, pop.types))"),
    moment_case("dclus1_poststrat_total_enroll", "dclus1_poststrat", "total", "enroll", no_options,
                "svytotal(~enroll, postStratify(dclus1, ~stype, pop.types))"),
    moment_case("dclus1_rake_mean_api00", "dclus1_rake", "mean", "api00", no_options,
                "svymean(~api00, rake(dclus1, list(~stype,~sch.wide), list(pop.types, pop.schwide)))"),
    moment_case("dclus1_rake_total_enroll", "dclus1_rake", "total", "enroll", no_options,
                "svytotal(~enroll, rake(dclus1, list(~stype,~sch.wide), list(pop.types, pop.schwide)))"),
    case("dclus1_rake_weight_sum", "dclus1_rake", "sum_of_weights", "(weights)", no_options,
         list(estimate = sum(raked_weights), se = NA, weight_range = range(raked_weights)),
         "sum(weights(dclus1r)); range(weights(dclus1r))",
         "raked weights must reproduce both margins: stype E/H/M 4421/755/1018 and sch.wide No/Yes 1072/5122 (within rake's convergence tolerance)"),
    moment_case("dclus1_greg_mean_api00", "dclus1_greg", "mean", "api00", no_options,
                "svymean(~api00, calibrate(dclus1, ~stype+api99, pop.totals))"),
    moment_case("rclus1_jk1_mean_api00", "rclus1", "mean", "api00", no_options,
                "svymean(~api00, as.svrepdesign(dclus1))"),
    moment_case("rclus1_jk1_total_enroll", "rclus1", "total", "enroll", no_options,
                "svytotal(~enroll, as.svrepdesign(dclus1))"),
    moment_case("rclus1_jk1_poststrat_mean_api00", "rclus1", "mean", "api00",
                list(poststratify = "stype"),
                "svymean(~api00, postStratify(rclus1, ~stype, pop.types))", ci = FALSE,
                notes = "post-stratification applied to each replicate")
  )
)

reference <- list(
  title = "Reference estimates from R 'survey' on the California API data (data(api))",
  generator = list(R = R.version.string, survey = as.character(packageVersion("survey")),
                   jsonlite = as.character(packageVersion("jsonlite")),
                   generated = format(Sys.Date()), script = "survey_api_reference.R"),
  conventions = list(
    se = "linearisation (Taylor) standard error unless the design is a replicate design",
    ci95 = "unless noted: Wald interval estimate -/+ qnorm(0.975)*SE (R confint default df=Inf)",
    deff = "deff=TRUE: variance ratio vs SRS WITHOUT replacement of the same size (Kish); deff='replace': vs SRS with replacement",
    lonely_psu = "options(survey.lonely.psu='fail') (default); no stratum has a single PSU in these designs",
    missing = "blank cells in the CSVs are NA",
    options = "each case's options are the arguments passed to R beyond design and variable: deff (TRUE or 'replace'), na_rm, ci ('wald' = confint of svymean, 'logit' = svyciprop method), qrule (svyquantile), poststratify (postStratify of the case's design on that variable with the population counts); {} = R's defaults"
  ),
  population = population,
  designs = design_specs,
  cases = cases
)

writeLines(toJSON(reference, auto_unbox = TRUE, digits = NA, pretty = TRUE, null = "null", na = "null"),
           output, useBytes = TRUE)
message(sprintf("wrote %d cases to %s", length(cases), output))
