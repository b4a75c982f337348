-- SPDX-License-Identifier: MIT
-- wrk script for bench/serve.sh: POST /validate with the AdmissionReview
-- bodies of the files named after `--`, in turn, one request each.
--   wrk -t2 -c16 -d10s --latency -s bench/serve.lua URL -- a.json [b.json ...]
-- done() prints one machine-readable line: RESULT requests=... p99=... (ms).
local reqs = {}
local i = 0

function init(args)
	for _, path in ipairs(args) do
		local f = assert(io.open(path, "rb"))
		local body = f:read("*a")
		f:close()
		reqs[#reqs + 1] = wrk.format("POST", "/validate", {
			["Host"] = wrk.headers["Host"],
			["Content-Type"] = "application/json",
			["Accept"] = "application/json, */*",
		}, body)
	end
	assert(#reqs > 0, "no request body: pass files after --")
end

function request()
	i = i % #reqs + 1
	return reqs[i]
end

function done(summary, latency, requests)
	local s, e = summary, summary.errors
	io.write(string.format("RESULT requests=%d seconds=%.3f rate=%.1f p50=%.3f p90=%.3f " ..
		"p99=%.3f p999=%.3f max=%.3f errors=%d\n",
		s.requests, s.duration / 1e6, s.requests / (s.duration / 1e6),
		latency:percentile(50) / 1000, latency:percentile(90) / 1000,
		latency:percentile(99) / 1000, latency:percentile(99.9) / 1000, latency.max / 1000,
		e.status + e.connect + e.read + e.write + e.timeout))
end
