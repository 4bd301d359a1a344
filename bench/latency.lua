-- wrk reporter: one line "LATENCY p50_ms p95_ms requests_per_second"; non-2xx answers fail the run loudly.
done = function(summary, latency, requests)
  local errors = summary.errors.status + summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout
  io.write(string.format("LATENCY %.1f %.1f %.0f\n", latency:percentile(50) / 1000, latency:percentile(95) / 1000,
    summary.requests / (summary.duration / 1e6)))
  if errors > 0 then io.write(string.format("ERRORS %d\n", errors)) end
end
