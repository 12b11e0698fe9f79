#pragma once

#include "ColumnFilter.h"
#include "ProfileSchema.h"

#include <QObject>

#include <functional>

class QAction;
class QMenu;
class QTableView;

// The quick filters of one grid, opened from a header section's context menu or, from the keyboard, with
// "Filter column…" (Ctrl+Shift+L) on the current column: contains (text columns only), is NULL, is not NULL,
// clear. The menu is a popup, never a nested event loop; choosing in it reports the whole new filter.
class ColumnFilterMenu final : public QObject
{
    Q_OBJECT

public:
    // `familyOf` tells a column's family (contains needs a text column); `filterOf` the grid's filter now.
    ColumnFilterMenu(QTableView *view, std::function<ColumnFamily(int)> familyOf,
                     std::function<ColumnFilter()> filterOf);

    // The "Filter column…" action, also in the view's context menu.
    QAction *action() const { return m_action; }
    // Opens the menu for `column` below its header section.
    void popUp(int column);

Q_SIGNALS:
    void filterChosen(const ColumnFilter &filter);

private:
    void choose(int column, const ColumnFilter::Condition *condition);
    void clearAll();

    QTableView *m_view;
    QAction *m_action;
    std::function<ColumnFamily(int)> m_familyOf;
    std::function<ColumnFilter()> m_filterOf;
};
