#pragma once

#include <QList>
#include <QString>
#include <QStringList>

#include <utility>

// Which cell of a grid gets which pasted text, or why the paste is refused as a whole. A paste that does not
// fit (a read-only column in its way, rows past the end of the page, columns past the last one) changes
// nothing and says why in one message: pasting part of a block would shift values into cells nobody meant.
// Pure logic over the grid's shape, so the window only applies what it gets.
class PastePlan
{
public:
    // The grid pasted into: its rows, its columns' names and which columns may be edited.
    struct Grid
    {
        int rows = 0;
        QStringList columnNames;
        QList<bool> editable;
        // The number the grid shows beside its first row (a page's rows are numbered across pages).
        qint64 firstRowNumber = 1;
    };
    struct Cell
    {
        int row = 0;
        int column = 0;
        QString text;
    };

    // `block` (rows of fields, as TabSeparated::parse() reads them) with its first field at (`row`,
    // `column`). Rows shorter than others paste only the fields they have.
    static PastePlan forBlock(const QList<QStringList> &block, int row, int column, const Grid &grid);
    // `text` into each of `cells` (row, column pairs), e.g. one value over a selection.
    static PastePlan forCells(const QString &text, const QList<std::pair<int, int>> &cells, const Grid &grid);

    bool isRefused() const { return !m_refusal.isEmpty(); }
    // Why nothing may be pasted, in a sentence or two; empty when the paste fits.
    QString refusal() const { return m_refusal; }
    const QList<Cell> &cells() const { return m_cells; }
    // The columns the paste writes into, in grid order.
    QList<int> columns() const;

private:
    // Refuses when a cell falls on a read-only column; `block` words the advice for a pasted block.
    void checkEditable(const Grid &grid, bool block);

    QList<Cell> m_cells;
    QString m_refusal;
};
