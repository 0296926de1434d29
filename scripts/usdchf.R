# Writes the USD/CHF half-hour quotes of the timeSeries package (Rmetrics) as Polygon flat-file
# lines (minute_aggs columns). Each quote closes the half hour before it: open is the previous
# quote, high and low the larger and smaller of the two, and volume and trades are 0 (the data
# has no volume). Usage: Rscript usdchf.R <timeSeries package directory> <output csv>
args <- commandArgs(trailingOnly = TRUE)
data <- new.env()
invisible(lazyLoad(file.path(args[1], "data", "Rdata"), envir = data))
x <- data$USDCHF
quote <- as.numeric(unclass(x))
at <- as.numeric(attr(x, "positions"))
stopifnot(length(quote) == length(at), all(diff(at) > 0), all(is.finite(quote)), all(quote > 0))
open <- c(quote[1], quote[-length(quote)])
bars <- data.frame(
  ticker = "C:USDCHF",
  volume = 0,
  open = sprintf("%.4f", open),
  close = sprintf("%.4f", quote),
  high = sprintf("%.4f", pmax(open, quote)),
  low = sprintf("%.4f", pmin(open, quote)),
  window_start = sprintf("%.0f", (at - 1800) * 1e9),
  transactions = 0)
write.csv(bars, args[2], row.names = FALSE, quote = FALSE)
