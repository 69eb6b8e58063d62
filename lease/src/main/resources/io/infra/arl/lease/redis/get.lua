-- Reads a lease and its remaining time together (one round trip, one consistent instant).
-- KEYS[1]: lease key.
-- Returns {"<owner>|<token>", remaining ttl in ms}, or {} if the sandbox is free.
local value = redis.call('GET', KEYS[1])
if not value then
  return {}
end
return {value, redis.call('PTTL', KEYS[1])}
