-- pandoc filter used by the tests: a table becomes its cells' blocks in reading order (row by row, cell by cell),
-- so that pandoc's plain text of a document can be compared word for word with resdiff's (which writes table cells
-- that way); pandoc's own plain writer lays tables out as grids whose lines interleave the columns.
local function add_rows(rows, out)
  for _, row in ipairs(rows) do
    for _, cell in ipairs(row.cells) do
      for _, block in ipairs(cell.contents) do
        table.insert(out, block)
      end
    end
  end
end

function Table(tbl)
  local out = {}
  add_rows(tbl.head.rows, out)
  for _, body in ipairs(tbl.bodies) do
    add_rows(body.head, out)
    add_rows(body.body, out)
  end
  add_rows(tbl.foot.rows, out)
  return out
end
