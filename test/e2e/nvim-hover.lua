-- Neovim (0.7+) headless as a second, independent LSP client of dist/server.js over stdio:
--   SERVER=dist/server.js FILE=doc FT=filetype LINE=n COL=c EXPECT='a && b' nvim --headless --clean -c 'luafile nvim-hover.lua'
-- LINE is 1-based, COL a 0-based byte column: the hover there must contain every `&&`-separated EXPECT text.
-- LINE=symbols instead checks the document symbols (the Outline): their names must contain every EXPECT text.
-- Prints one `ok - …` or `FAIL - …` line and exits 0 / 1.
local server, file = assert(os.getenv('SERVER')), assert(os.getenv('FILE'))
local ft, line, col, expect = os.getenv('FT') or '', os.getenv('LINE') or '1', tonumber(os.getenv('COL') or '0'), os.getenv('EXPECT') or ''
local name = 'nvim ' .. vim.fn.fnamemodify(file, ':t') .. (line == 'symbols' and ' outline' or (' hover ' .. line .. ':' .. col))
local function finish(ok, msg)
  io.stdout:write((ok and 'ok - ' or 'FAIL - ') .. name .. (msg and (': ' .. msg) or '') .. '\n')
  vim.cmd(ok and 'qall!' or 'cquit 1')
end
vim.cmd('edit ' .. vim.fn.fnameescape(file))
if ft ~= '' then vim.bo.filetype = ft end -- the LSP languageId is the filetype
local bufnr, ready = vim.api.nvim_get_current_buf(), false
local id = vim.lsp.start_client({
  name = 'l2tp-lens', cmd = { 'node', server, '--stdio' }, root_dir = vim.fn.getcwd(),
  on_init = function() ready = true end,
})
if not id then return finish(false, 'start_client failed') end
vim.lsp.buf_attach_client(bufnr, id)
if not vim.wait(15000, function() return ready end, 20) then return finish(false, 'server did not initialize') end

local text, err = '', nil
if line == 'symbols' then
  local res
  res, err = vim.lsp.buf_request_sync(bufnr, 'textDocument/documentSymbol', { textDocument = vim.lsp.util.make_text_document_params() }, 10000)
  local names = {}
  for _, r in pairs(res or {}) do
    for _, s in ipairs(r.result or {}) do table.insert(names, s.name) end
  end
  text = table.concat(names, ' | ')
else
  vim.api.nvim_win_set_cursor(0, { tonumber(line), col })
  local res
  res, err = vim.lsp.buf_request_sync(bufnr, 'textDocument/hover', vim.lsp.util.make_position_params(), 10000)
  for _, r in pairs(res or {}) do
    local c = r.result and r.result.contents
    if c then text = text .. (type(c) == 'string' and c or c.value or '') end
  end
end
vim.lsp.stop_client(id)
local missing = {}
for want in (expect .. ' && '):gmatch('(.-) && ') do
  if want ~= '' and not text:find(want, 1, true) then table.insert(missing, want) end
end
if #missing == 0 and text ~= '' then
  finish(true, (text:gsub('%s+', ' ')):sub(1, 90))
else
  finish(false, 'missing ' .. vim.inspect(missing) .. ' in ' .. vim.inspect(text) .. (err and (' err ' .. tostring(err)) or ''))
end
