-- Takes the first free candidate, or returns the one this owner already holds (a retried call).
-- KEYS[1]: the fencing token counter; KEYS[2..]: lease keys of the candidates, in preference order.
-- ARGV[1]: owner id; ARGV[2]: ttl in milliseconds.
-- Returns {candidate index (1-based), fencing token, remaining ttl in ms}, or {} if all are leased.
local owner = ARGV[1]
local first_free = nil
for i = 2, #KEYS do
  local value = redis.call('GET', KEYS[i])
  if value then
    local token = owned_token(value, owner)
    if token then
      return {i - 1, token, redis.call('PTTL', KEYS[i])}
    end
  elseif not first_free then
    first_free = i
  end
end
if not first_free then
  return {}
end
-- Fencing token: max(counter + 1, Redis clock in microseconds). The counter makes tokens strictly
-- increasing; the clock keeps them increasing when Redis restarts empty and the counter is lost.
local token = redis.call('INCR', KEYS[1])
local now = redis.call('TIME')
local now_micros = tonumber(now[1]) * 1000000 + tonumber(now[2])
if now_micros > token then
  token = now_micros
  redis.call('SET', KEYS[1], string.format('%d', token))
end
-- string.format, not tostring: Lua numbers are doubles and tostring would print 1.7e+15.
token = string.format('%d', token)
redis.call('SET', KEYS[first_free], owner .. '|' .. token, 'PX', ARGV[2])
return {first_free - 1, token, tonumber(ARGV[2])}
