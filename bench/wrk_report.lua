-- wrk script: stop after a fixed number of requests per thread, then print one JSON line.
-- Set REQUESTS_PER_THREAD and optionally COOKIE in the environment.
--
-- Requests are counted as they are sent (request()), not as answers arrive: a script with a
-- response() function makes wrk copy every body into Lua, which on the same two cores costs the
-- server time in proportion to the page's size. The caller asks for its count plus the number of
-- connections, so about its count have been answered when the run stops; the summary reports
-- the answered ones.
local limit = tonumber(os.getenv("REQUESTS_PER_THREAD") or "500")
local cookie = os.getenv("COOKIE")
local count = 0

function setup(thread) end

function init(args)
  count = 0
  if cookie and cookie ~= "" then wrk.headers["Cookie"] = cookie end
end

function request()
  count = count + 1
  if count == limit then
    wrk.thread:stop()
    -- wrk's main thread sleeps for the whole -d duration whatever its threads do; SIGINT wakes it
    -- to print the summary now. The shell os.execute starts is wrk's child; it sends the signal
    -- from the background, after os.execute (system(), which ignores SIGINT while it waits) has
    -- returned. Run with one thread (-t1) so the count is the run's.
    os.execute("(sleep 0.01; kill -INT $PPID) &")
  end
  return wrk.format()
end

function done(summary, latency, requests)
  local errors = summary.errors.connect + summary.errors.read + summary.errors.write
    + summary.errors.status + summary.errors.timeout
  io.write(string.format(
    '{"requests": %d, "duration_us": %d, "p50_us": %d, "p95_us": %d, "p99_us": %d, "max_us": %d, "errors": %d, "non2xx": %d}\n',
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(95),
    latency:percentile(99), latency.max, errors, summary.errors.status))
end
