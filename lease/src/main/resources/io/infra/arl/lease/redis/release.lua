-- Compare-and-delete: deletes the lease only if `owner` holds it.
-- KEYS[1]: lease key. ARGV[1]: owner id.
-- Returns 1 if deleted, 0 if the lease is gone or held by someone else.
local value = redis.call('GET', KEYS[1])
if value and owned_token(value, ARGV[1]) then
  return redis.call('DEL', KEYS[1])
end
return 0
