-- Reads a key and its remaining time together (one round trip, one consistent instant): a lease or
-- a release record.
-- KEYS[1]: lease key or release record key.
-- Returns {value ("<owner>|<token>" for a lease, "<token>" for a record), remaining ttl in ms},
-- or {} if there is no such key.
local value = redis.call('GET', KEYS[1])
if not value then
  return {}
end
return {value, redis.call('PTTL', KEYS[1])}
