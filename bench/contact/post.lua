-- post.lua: wrk script that posts valid contact forms, each with unique
-- content (thread id, run nonce, counter), so none is deduplicated and every
-- 201 is a new durable row. Non-201 answers are counted and reported.
local threads = {}

function setup(thread)
  thread:set("tid", #threads + 1)
  table.insert(threads, thread)
end

function init(args)
  math.randomseed(os.time() + tid)
  prefix = tid .. "-" .. os.time() .. "-" .. math.random(1, 1000000000)
  counter = 0
  bad = 0
end

local headers = {
  ["Content-Type"] = "application/x-www-form-urlencoded",
  ["Accept"] = "application/json",
}

function request()
  counter = counter + 1
  local body = "name=Bench+User&email=bench%40example.no&organisation=Load+AS&topic=general" ..
    "&consent=yes&lang=en&message=Benchmark+inquiry+" .. prefix .. "-" .. counter
  return wrk.format("POST", nil, headers, body)
end

function response(status, headers, body)
  if status ~= 201 then
    bad = bad + 1
  end
end

function done(summary, latency, requests)
  local nbad = 0
  for _, t in ipairs(threads) do
    nbad = nbad + t:get("bad")
  end
  io.write(string.format("non-201 responses: %d\n", nbad))
  io.write(string.format("accepted/s: %.0f\n", (summary.requests - nbad) / (summary.duration / 1e6)))
  io.write(string.format("p50 %.2f ms, p99 %.2f ms, max %.2f ms\n",
    latency:percentile(50) / 1000, latency:percentile(99) / 1000, latency.max / 1000))
end
