-- Headless Neovim (>= 0.7) init file: starts an LSP client for the file given
-- on the command line, waits for the server's diagnostics and writes them as
-- JSON, then quits (exit code 0 = got them, 1 = not).
-- Driven by smoke-neovim.mjs through environment variables:
--   DVR_NVIM_LSP_CMD    JSON array, the server command (e.g. ["node","dist/server.js","--stdio"])
--   DVR_NVIM_OUT        path of the JSON result file
--   DVR_NVIM_ROOT       workspace root (rootUri)
--   DVR_NVIM_TIMEOUT_MS how long to wait for diagnostics
--   DVR_NVIM_MIN_DIAGS  wait until at least this many diagnostics (0: any publish)
-- Neovim 0.7 has no vim.lsp.start: use vim.lsp.start_client + buf_attach_client.

local out_path = assert(os.getenv('DVR_NVIM_OUT'), 'DVR_NVIM_OUT not set')
local timeout = tonumber(os.getenv('DVR_NVIM_TIMEOUT_MS') or '20000')
local min_diags = tonumber(os.getenv('DVR_NVIM_MIN_DIAGS') or '1')
local v = vim.version()
local result = {
  nvim = string.format('%d.%d.%d', v.major, v.minor, v.patch),
  published = {},   -- raw textDocument/publishDiagnostics params, in order
  diagnostics = {}, -- vim.diagnostic.get(buf) at the end
}

local function finish(ok, err)
  result.ok = ok
  result.error = err
  local f = assert(io.open(out_path, 'w'))
  f:write(vim.fn.json_encode(result))
  f:close()
  vim.cmd(ok and 'qa!' or 'cquit 1')
end

local function run()
  local cmd = vim.fn.json_decode((assert(os.getenv('DVR_NVIM_LSP_CMD'), 'DVR_NVIM_LSP_CMD not set')))
  local buf = vim.api.nvim_get_current_buf()
  local uri = vim.uri_from_bufnr(buf)
  result.file = vim.api.nvim_buf_get_name(buf)
  if vim.bo[buf].filetype == '' then vim.bo[buf].filetype = 'python' end

  local exited, got_publish = nil, false
  local client_id = vim.lsp.start_client({
    name = 'dvr-smoke',
    cmd = cmd,
    root_dir = os.getenv('DVR_NVIM_ROOT') or vim.fn.getcwd(),
    on_init = function(_, init_result) result.server_info = init_result.serverInfo or vim.NIL end,
    on_exit = function(code, signal) exited = { code = code, signal = signal } end,
    handlers = {
      ['textDocument/publishDiagnostics'] = function(err, params, ctx, config)
        table.insert(result.published, params)
        if params.uri == uri then got_publish = true end
        return vim.lsp.diagnostic.on_publish_diagnostics(err, params, ctx, config)
      end,
    },
  })
  if not client_id then return finish(false, 'vim.lsp.start_client failed: ' .. vim.inspect(cmd)) end
  if not vim.lsp.buf_attach_client(buf, client_id) then
    return finish(false, 'vim.lsp.buf_attach_client failed')
  end

  vim.wait(timeout, function()
    return exited ~= nil or (got_publish and #vim.diagnostic.get(buf) >= min_diags)
  end, 50)
  result.diagnostics = vim.diagnostic.get(buf)
  local early_exit = exited

  -- Shut the server down politely (shutdown + exit) and record how it ended.
  vim.lsp.stop_client(client_id)
  vim.wait(3000, function() return exited ~= nil end, 50)
  result.server_exit = exited or vim.NIL

  if not got_publish or #result.diagnostics < min_diags then
    local why = early_exit and ('server exited early: ' .. vim.inspect(early_exit, { newline = ' ', indent = '' }))
      or string.format('timeout after %d ms', timeout)
    return finish(false, string.format('%s; %d diagnostics (wanted >= %d), publish seen: %s',
      why, #result.diagnostics, min_diags, tostring(got_publish)))
  end
  finish(true)
end

vim.api.nvim_create_autocmd('VimEnter', {
  once = true,
  callback = function()
    local ok, err = xpcall(run, debug.traceback)
    if not ok then finish(false, err) end
  end,
})
