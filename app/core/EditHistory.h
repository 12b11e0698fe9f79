#pragma once

#include <QList>
#include <QString>
#include <QVariant>

// The undo and redo history of the Profiles grid's held edits, cell by cell: each step is what one action
// changed (one typed value, or a whole paste), as the state of each cell before and after. Cells are named
// by profile key and column, never by row, so a step means the same cells whatever the view shows. Plain
// data: the model applies the states.
class EditHistory final
{
public:
    // One cell's held edit: none (the value the page read), or a value, or text refused with a reason.
    struct CellState
    {
        bool edited = false;
        QVariant value;        // the held value, or the refused text
        QString invalidReason; // why `value` cannot be saved; empty when it can
    };
    struct Change
    {
        QString key; // the profile key as text
        int column = -1;
        CellState before;
        CellState after;
    };
    using Step = QList<Change>;

    // Adds a change to the open group, or as a step of its own; drops what could be redone.
    void record(const Change &change);
    // Changes recorded between these calls make one step; groups may nest.
    void beginGroup();
    void endGroup();

    bool canUndo() const { return !m_undo.isEmpty(); }
    bool canRedo() const { return !m_redo.isEmpty(); }
    // The step to undo (its changes in the order to apply their `before` states) and moves it to redo.
    Step takeUndo();
    // The step to redo (in the order to apply their `after` states) and moves it back to undo.
    Step takeRedo();
    void clear();

private:
    QList<Step> m_undo;
    QList<Step> m_redo;
    Step m_group;
    int m_groupDepth = 0;
};
