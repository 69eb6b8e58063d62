-- Compare-and-delete: deletes the lease only if `owner` holds it, and records the release so that
-- a reaper can tell a released sandbox from an abandoned one.
-- KEYS[1]: lease key; KEYS[2]: release record key.
-- ARGV[1]: owner id; ARGV[2]: how long the record is kept, in milliseconds. The record holds
-- "<token>|<that time>", so that a reader computes its age from its remaining time without
-- assuming the writer's setting.
-- Returns 1 if deleted, 0 if the lease is gone or held by someone else (nothing recorded then).
local value = redis.call('GET', KEYS[1])
if not value then
  return 0
end
local token = owned_token(value, ARGV[1])
if not token then
  return 0
end
redis.call('DEL', KEYS[1])
redis.call('SET', KEYS[2], token .. '|' .. ARGV[2], 'PX', ARGV[2])
return 1
