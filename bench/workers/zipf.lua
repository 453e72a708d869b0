-- Many tenants: each request goes to worker "tenant-K" (Host: tenant-K<suffix>), K drawn from a Zipf distribution
-- over N workers (rank 1, the most requested, is tenant-0). Arguments after wrk's "--": N, the exponent s, the Host
-- suffix, and a seed, so every server gets the same sequence of tenants.
local cdf, n, suffix

function init(args)
  n = tonumber(args[1])
  local s = tonumber(args[2])
  suffix = args[3]
  math.randomseed(tonumber(args[4]))
  cdf = {}
  local total = 0
  for k = 1, n do
    total = total + 1 / k ^ s
    cdf[k] = total
  end
  for k = 1, n do cdf[k] = cdf[k] / total end
end

function request()
  local r = math.random()
  local lo, hi = 1, n
  while lo < hi do
    local mid = math.floor((lo + hi) / 2)
    if cdf[mid] < r then lo = mid + 1 else hi = mid end
  end
  return wrk.format("GET", "/", { Host = "tenant-" .. (lo - 1) .. suffix })
end
