#include "PastePlan.h"

#include <QLocale>

#include <algorithm>

namespace {

// "a", "a and b", "a, b and c".
QString listed(const QStringList &items)
{
    if (items.size() < 2)
        return items.join(QString());
    return QStringList(items.mid(0, items.size() - 1)).join(QStringLiteral(", ")) + QStringLiteral(" and ") +
           items.last();
}

QString number(qint64 value)
{
    return QLocale().toString(value);
}

} // namespace

PastePlan PastePlan::forBlock(const QList<QStringList> &block, int row, int column, const Grid &grid)
{
    PastePlan plan;
    int width = 0;
    for (const QStringList &fields : block)
        width = std::max(width, int(fields.size()));
    const int height = int(block.size());
    const int columns = int(grid.columnNames.size());
    QStringList problems;
    if (row < 0 || column < 0 || row >= grid.rows || column >= columns) {
        plan.m_refusal =
            QStringLiteral("Nothing was changed: choose the cell where the pasted block starts.");
        return plan;
    }
    if (row + height > grid.rows) {
        const qint64 first = grid.firstRowNumber + row;
        const qint64 last = grid.firstRowNumber + grid.rows - 1;
        problems << QStringLiteral("it has %1 rows from row %2, and this page ends at row %3, so %4 of them "
                                   "would fall past its end")
                        .arg(number(height), number(first), number(last), number(row + height - grid.rows));
    }
    if (column + width > columns) {
        problems << QStringLiteral("it has %1 columns from column %2, and the last column is %3, so %4 of "
                                   "them would fall past it")
                        .arg(number(width), grid.columnNames.at(column), grid.columnNames.last(),
                             number(column + width - columns));
    }
    if (!problems.isEmpty()) {
        plan.m_refusal =
            QStringLiteral("Nothing was changed: %1. Start the paste higher up or further left, or "
                           "copy a smaller block.")
                .arg(problems.join(QStringLiteral("; ")));
        return plan;
    }
    for (int r = 0; r < height; ++r) {
        const QStringList &fields = block.at(r);
        for (int c = 0; c < fields.size(); ++c)
            plan.m_cells << Cell{row + r, column + c, fields.at(c)};
    }
    plan.checkEditable(grid, true);
    return plan;
}

PastePlan PastePlan::forCells(const QString &text, const QList<std::pair<int, int>> &cells, const Grid &grid)
{
    PastePlan plan;
    for (const auto &[row, column] : cells) {
        if (row >= 0 && row < grid.rows && column >= 0 && column < grid.columnNames.size())
            plan.m_cells << Cell{row, column, text};
    }
    if (plan.m_cells.isEmpty()) {
        plan.m_refusal = QStringLiteral("Nothing was changed: select the cells to paste into.");
        return plan;
    }
    plan.checkEditable(grid, false);
    return plan;
}

void PastePlan::checkEditable(const Grid &grid, bool block)
{
    QStringList readOnly;
    for (const int column : columns()) {
        if (!grid.editable.value(column))
            readOnly << grid.columnNames.at(column);
    }
    if (readOnly.isEmpty())
        return;
    const bool one = readOnly.size() == 1;
    m_refusal = QStringLiteral("Nothing was changed: %1 %2 read-only. ")
                    .arg(listed(readOnly), one ? QStringLiteral("is") : QStringLiteral("are"));
    if (block)
        m_refusal +=
            QStringLiteral("Start the paste on a column that can be edited, or copy a block without %1.")
                .arg(one ? QStringLiteral("that column") : QStringLiteral("those columns"));
    else
        m_refusal += QStringLiteral("Select only cells of columns that can be edited.");
    m_cells.clear();
}

QList<int> PastePlan::columns() const
{
    QList<int> result;
    for (const Cell &cell : m_cells) {
        if (!result.contains(cell.column))
            result << cell.column;
    }
    std::sort(result.begin(), result.end());
    return result;
}
