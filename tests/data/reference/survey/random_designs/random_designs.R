# Computes r_results.json from designs.csv and designs.json (written by generate.py): R `survey`'s
# estimates on 60 seeded random designs, each under two lonely-PSU options — the cross-check of
# issue 15. Every call is wrapped: where R stops, the record says so ("error"), and the suite checks
# that parindex refuses there too (or follows its documented choice).
#
#   cd tests/data/reference/survey/random_designs && python3 generate.py && Rscript random_designs.R
#
# Needs R >= 4.2 with survey and jsonlite (Debian: apt-get install r-cran-survey r-cran-jsonlite).
# Made with R 4.2.2 Patched, survey 4.1-1, jsonlite 1.8.4 (Debian bookworm).
suppressPackageStartupMessages({
  library(survey)
  library(jsonlite)
})
all_rows <- read.csv("designs.csv", stringsAsFactors = FALSE, na.strings = "")
specs <- fromJSON("designs.json", simplifyVector = FALSE)$designs
records <- list()

put <- function(...) records[[length(records) + 1]] <<- list(...)

# One call's figures, or the error R raised.
attempt <- function(expr) tryCatch(withCallingHandlers(expr, warning = function(w) invokeRestart("muffleWarning")),
                                   error = function(e) list(error = conditionMessage(e)))

failed <- function(fit) is.list(fit) && !is.null(fit[["error"]])

figures <- function(fit) {
  if (failed(fit)) return(fit)
  list(estimate = unname(coef(fit))[1], se = unname(SE(fit))[1])
}

ciprop <- function(fit) {
  if (failed(fit)) return(fit)
  ci <- unname(attr(fit, "ci"))
  list(estimate = unname(as.numeric(fit))[1], se = sqrt(unname(as.numeric(attr(fit, "var")))[1]),
       ci_low = ci[1], ci_high = ci[2])
}

for (spec in specs) {
  data <- all_rows[all_rows$design == spec$design, ]
  data$dom2 <- ifelse(data$dom == "big", "big", "rest")
  ids <- as.formula(paste("~", paste(unlist(spec$ids), collapse = " + ")))
  fpc <- if (length(spec$fpc)) as.formula(paste("~", paste(unlist(spec$fpc), collapse = " + "))) else NULL
  weights <- if (is.null(spec$weights)) NULL else ~w
  population <- data.frame(ps = names(spec$poststrata), Freq = unlist(spec$poststrata))
  for (lonely in unlist(spec$lonely)) {
    options(survey.lonely.psu = lonely)
    des <- svydesign(ids = ids, strata = ~stratum, fpc = fpc, weights = weights, data = data)
    key <- list(design = spec$design, lonely = lonely)
    out <- function(case, result, ...) do.call(put, c(key, list(case = case), list(...), result))
    out("mean", figures(attempt(svymean(~y, des, na.rm = TRUE))))
    out("total", figures(attempt(svytotal(~y, des, na.rm = TRUE))))
    out("ratio", figures(attempt(svyratio(~y, ~x, des, na.rm = TRUE))))
    out("degf", list(value = degf(des)))
    out("degf_respondents", list(value = degf(subset(des, !is.na(y)))))
    for (level in sort(unique(data$dom))) {
      sub <- subset(des, dom == level)
      out("domain_mean", figures(attempt(svymean(~y, sub, na.rm = TRUE))), domain = level)
      out("domain_total", figures(attempt(svytotal(~y, sub, na.rm = TRUE))), domain = level)
    }
    for (level in c("(all)", "big", "mid")) {
      sub <- if (level == "(all)") des else subset(des, dom == level)
      for (method in c("logit", "likelihood", "xlogit", "mean", "beta")) {
        out("ciprop", ciprop(attempt(svyciprop(~I(cat == "a"), sub, method = method, na.rm = TRUE))),
            domain = level, method = method)
      }
    }
    q <- attempt(svyquantile(~y, des, 0.5, na.rm = TRUE, ci = TRUE))
    out("median", if (failed(q)) q else list(estimate = q$y[1, 1], ci_low = q$y[1, 2], ci_high = q$y[1, 3], se = q$y[1, 4]))
    for (statistic in c("mean", "total")) {
      f <- if (statistic == "mean") svymean else svytotal
      # svyby(covmat = TRUE) fails with na.rm = TRUE in survey 4.1-1: the respondents as a subset instead
      k <- attempt(svycontrast(svyby(~y, ~dom2, subset(des, !is.na(y)), f, covmat = TRUE), c(big = 1, rest = -1)))
      out("contrast", figures(k), statistic = statistic)
    }
    ps <- attempt(postStratify(des, ~ps, population))
    out("poststratified_mean", figures(if (failed(ps)) ps else attempt(svymean(~y, ps, na.rm = TRUE))))
    out("poststratified_total", figures(if (failed(ps)) ps else attempt(svytotal(~y, ps, na.rm = TRUE))))
    rep <- attempt(as.svrepdesign(des, type = "JKn"))
    if (failed(rep)) {
      out("jkn_mean", rep)
      next
    }
    out("jkn_degf", list(value = degf(rep)))
    out("jkn_mean", figures(attempt(svymean(~y, rep, na.rm = TRUE))))
    for (level in sort(unique(data$dom))) {
      out("jkn_domain_mean", figures(attempt(svymean(~y, subset(rep, dom == level), na.rm = TRUE))), domain = level)
    }
  }
}
writeLines(toJSON(list(
  generated_by = "random_designs.R (R 4.2.2 Patched, survey 4.1-1) from designs.csv / designs.json (generate.py, seed 15)",
  results = records), auto_unbox = TRUE, digits = NA, null = "null", na = "string", pretty = FALSE), "r_results.json")
