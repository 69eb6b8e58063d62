-- Compare-and-expire: extends the lease only if `owner` still holds it.
-- KEYS[1]: lease key. ARGV[1]: owner id; ARGV[2]: ttl in milliseconds.
-- Returns {fencing token} if renewed, {} if the lease is gone or held by someone else.
local value = redis.call('GET', KEYS[1])
if not value then
  return {}
end
local token = owned_token(value, ARGV[1])
if not token then
  return {}
end
redis.call('PEXPIRE', KEYS[1], ARGV[2])
return {token}
