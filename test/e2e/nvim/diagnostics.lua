-- Headless Neovim (0.7+) as a second LSP client: waits for the Scaleplan server's diagnostics on
-- the current buffer, prints them, and exits non-zero when none arrive or an expected code is missing.
--   SCALEPLAN_NVIM_SERVER  JSON array: start the server with this command (E2E.md's start_client form);
--                          unset: a client was already attached by the user config (the README's autocmd)
--   SCALEPLAN_NVIM_EXPECT  rule code that must be among the diagnostics (e.g. SP101)
--   SCALEPLAN_NVIM_TIMEOUT_MS  how long to wait (default 10000)
--   SCALEPLAN_NVIM_FORMAT  a file holding what `scaleplan fmt` makes of the buffer: the buffer is then
--                          formatted through the server (vim.lsp.buf.format; formatting_sync on 0.7)
--                          and must equal it
local bufnr = vim.api.nvim_get_current_buf()
local expect = os.getenv('SCALEPLAN_NVIM_EXPECT')
local timeout = tonumber(os.getenv('SCALEPLAN_NVIM_TIMEOUT_MS') or '10000')

local function fail(message)
  io.stdout:write('FAIL ' .. message .. '\n')
  vim.cmd('cquit 1')
end

local server = os.getenv('SCALEPLAN_NVIM_SERVER')
if server and server ~= '' then
  local id = vim.lsp.start_client({
    name = 'scaleplan',
    cmd = vim.fn.json_decode(server),
    root_dir = vim.fn.getcwd(),
  })
  if not id then fail('could not start ' .. server) end
  vim.lsp.buf_attach_client(bufnr, id)
end

local started = vim.loop.hrtime()
local attached = vim.wait(timeout, function() return next(vim.lsp.buf_get_clients(bufnr)) ~= nil end, 20)
if not attached then fail('no LSP client attached to ' .. vim.api.nvim_buf_get_name(bufnr)) end

local arrived = vim.wait(timeout, function() return #vim.diagnostic.get(bufnr) > 0 end, 50)
if not arrived then fail('no diagnostics within ' .. timeout .. ' ms') end

local found = false
for _, d in ipairs(vim.diagnostic.get(bufnr)) do
  local severity = vim.diagnostic.severity[d.severity] or tostring(d.severity)
  io.stdout:write(string.format('%s:%d:%d  %s  %s  %s [%s]\n', vim.fn.expand('%:t'), d.lnum + 1, d.col + 1,
    severity, d.message, tostring(d.code), tostring(d.source)))
  if expect and tostring(d.code) == expect then found = true end
end
io.stdout:write(string.format('diagnostics after %.0f ms\n', (vim.loop.hrtime() - started) / 1e6))
if expect and not found then fail(expect .. ' is not among the diagnostics') end

local want_path = os.getenv('SCALEPLAN_NVIM_FORMAT')
if want_path and want_path ~= '' then
  local function text() return table.concat(vim.api.nvim_buf_get_lines(bufnr, 0, -1, false), '\n') .. '\n' end
  local before = text()
  if vim.lsp.buf.format then
    vim.lsp.buf.format({ bufnr = bufnr, timeout_ms = 5000 })
  else
    vim.lsp.buf.formatting_sync(nil, 5000) -- Neovim 0.7: format() arrived in 0.8
  end
  local after = text()
  local want = table.concat(vim.fn.readfile(want_path), '\n') .. '\n'
  if after == before then fail('formatting changed nothing') end
  if after ~= want then fail('the formatted buffer differs from scaleplan fmt:\n' .. after) end
  io.stdout:write(string.format('formatted: %d lines, the same as scaleplan fmt\n', #vim.api.nvim_buf_get_lines(bufnr, 0, -1, false)))
end

-- Stop the server cleanly before leaving (Neovim 0.7 does not wait for it on :qall).
vim.lsp.stop_client(vim.lsp.get_active_clients())
vim.wait(2000, function() return #vim.lsp.get_active_clients() == 0 end, 20)
vim.cmd('qall!')
