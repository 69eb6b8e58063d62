-- Shared prelude of the lease scripts (prepended to each one when it is loaded).
-- A lease key holds "<owner>|<fencing token>". Returns the token when `value` is held by `owner`,
-- else nil. The token is all digits, so an owner that itself contains '|' cannot be mistaken for
-- a prefix of another owner.
local function owned_token(value, owner)
  local prefix = owner .. '|'
  if string.sub(value, 1, #prefix) ~= prefix then
    return nil
  end
  local token = string.sub(value, #prefix + 1)
  if string.find(token, '^%d+$') then
    return token
  end
  return nil
end
