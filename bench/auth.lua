-- wrk script for an authenticated JSON endpoint: every request carries the
-- session token as a bearer token. The token comes from the environment
-- (TDKT_TOKEN, set by bench/run.sh), so it appears on no command line and in
-- no results file.
local token = os.getenv("TDKT_TOKEN")
if token == nil or token == "" then
  error("bench/auth.lua: TDKT_TOKEN is not set")
end
wrk.headers["Authorization"] = "Bearer " .. token
wrk.headers["Accept"] = "application/json"
