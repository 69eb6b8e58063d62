-- Renew-or-restore: extends the lease if `owner` still holds it; if no lease is stored at all
-- (Redis lost its data, e.g. restarted empty), stores it again with the caller's fencing token.
-- KEYS[1]: lease key; KEYS[2]: fencing counter.
-- ARGV[1]: owner id; ARGV[2]: ttl in milliseconds; ARGV[3]: the lease's fencing token.
-- Returns {fencing token} if renewed or restored, {} if another owner holds the sandbox.
local value = redis.call('GET', KEYS[1])
if not value then
  redis.call('SET', KEYS[1], ARGV[1] .. '|' .. ARGV[3], 'PX', ARGV[2])
  -- The counter must stay above every token in use, restored ones included.
  local counter = tonumber(redis.call('GET', KEYS[2]) or '0')
  if counter < tonumber(ARGV[3]) then
    redis.call('SET', KEYS[2], ARGV[3])
  end
  return {ARGV[3]}
end
local token = owned_token(value, ARGV[1])
if not token then
  return {}
end
redis.call('PEXPIRE', KEYS[1], ARGV[2])
return {token}
