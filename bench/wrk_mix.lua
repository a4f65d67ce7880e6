-- wrk script: each request picks a random path from the file named by PATHS_FILE (one path per line).
-- THINK_MS: a reader's mean pause between pages (uniform between half and one and a half times it);
-- 0 sends the next request as soon as the last answer arrives (a saturation test).
local paths = {}
local think = tonumber(os.getenv("THINK_MS") or "0")

function init(args)
  for line in io.lines(os.getenv("PATHS_FILE")) do
    if line ~= "" then paths[#paths + 1] = line end
  end
  math.randomseed(os.time() + tonumber(tostring(paths):match("0x(%x+)") or "0", 16) % 100000)
end

function delay()
  if think <= 0 then return 0 end
  return math.random(math.floor(think / 2), math.floor(think * 3 / 2))
end

function request()
  return wrk.format("GET", paths[math.random(#paths)])
end

function done(summary, latency, requests)
  local errors = summary.errors.connect + summary.errors.read + summary.errors.write
    + summary.errors.status + summary.errors.timeout
  io.write(string.format(
    '{"requests": %d, "duration_us": %d, "p50_us": %d, "p95_us": %d, "p99_us": %d, "max_us": %d, "errors": %d, "non2xx": %d, "timeouts": %d}\n',
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(95),
    latency:percentile(99), latency.max, errors, summary.errors.status, summary.errors.timeout))
end
