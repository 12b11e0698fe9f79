#pragma once

#include "PastePlan.h"

#include <QList>
#include <QModelIndexList>
#include <QObject>
#include <QString>

class QAction;
class QTableView;

// Copy, Copy with headers, Paste and "Set value for selected cells…" on one grid. The actions are added to
// the view, so they are in its context menu and their shortcuts (Ctrl+C, Ctrl+V) work while it has focus, not
// while an editor in it does; actions() hands them to the window's Edit menu as well. Copying writes the
// selection as tab-separated cells (TabSeparated); pasting and setting a value go through the Profiles
// model's one path for typed text (ProfilesModel::InputRole) as one undo step, and a paste that does not fit
// changes nothing and says why (PastePlan).
class GridClipboard final : public QObject
{
    Q_OBJECT

public:
    enum class Editing { ReadOnly, Editable };

    // `view` owns the clipboard; a read-only grid has no "Set value for selected cells…".
    GridClipboard(QTableView *view, Editing editing);

    // Copy, Copy with headers, Paste, then "Set value for selected cells…" on an editable grid.
    QList<QAction *> actions() const { return m_actions; }
    // Why nothing may be pasted or set right now (a read-only view, a connection that may not write); empty
    // when the grid takes edits.
    void setReadOnlyReason(const QString &reason) { m_readOnlyReason = reason; }

Q_SIGNALS:
    void statusMessage(const QString &text, int timeout = 0);

private:
    void copy(bool withHeaders);
    void paste();
    void setValueForSelection();
    // The selected cells, or the current cell when nothing is selected.
    QModelIndexList targetCells() const;
    PastePlan::Grid grid() const;
    // Puts the plan's texts (or NULL) into the model as one undo step and selects what changed; returns how
    // many cells took their value.
    int apply(const PastePlan &plan, bool setNull);
    // Says what was changed (`done`), and which changed cells the model holds as values their columns cannot
    // take; a cell that did not change at all is reported as a refusal.
    void reportApplied(const PastePlan &plan, int applied, const QString &done);
    void refuse(const QString &title, const QString &reason);

    QTableView *m_view;
    QList<QAction *> m_actions;
    QString m_readOnlyReason;
};
