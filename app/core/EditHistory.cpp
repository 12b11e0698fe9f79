#include "EditHistory.h"

#include <algorithm>

void EditHistory::record(const Change &change)
{
    m_redo.clear();
    if (m_groupDepth > 0)
        m_group << change;
    else
        m_undo << Step{change};
}

void EditHistory::beginGroup()
{
    ++m_groupDepth;
}

void EditHistory::endGroup()
{
    if (m_groupDepth == 0)
        return;
    if (--m_groupDepth == 0 && !m_group.isEmpty()) {
        m_undo << m_group;
        m_group.clear();
    }
}

EditHistory::Step EditHistory::takeUndo()
{
    if (m_undo.isEmpty())
        return {};
    Step step = m_undo.takeLast();
    m_redo << step;
    // Undone last change first, so a cell changed twice in one step ends at its first `before`.
    std::reverse(step.begin(), step.end());
    return step;
}

EditHistory::Step EditHistory::takeRedo()
{
    if (m_redo.isEmpty())
        return {};
    Step step = m_redo.takeLast();
    m_undo << step;
    return step;
}

void EditHistory::clear()
{
    m_undo.clear();
    m_redo.clear();
    m_group.clear();
}
