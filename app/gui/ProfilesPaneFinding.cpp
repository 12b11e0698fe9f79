// ProfilesPane's finding: the search field, the quick filters of the header, and the note in an empty grid.
#include "ProfilesPane.h"

#include "ui_ProfilesPane.h"

#include "ColumnFilterMenu.h"
#include "EmptyResultNote.h"
#include "ProfilesModel.h"

#include <QAction>

namespace {

// The milliseconds typing may pause before the search runs, as in the Users view.
constexpr int SearchDelayMs = 300;

} // namespace

void ProfilesPane::setUpFinding()
{
    QTableView *view = m_ui->profilesView;
    m_emptyNote = new EmptyResultNote(view);
    m_filterMenu = new ColumnFilterMenu(
        view, [this](int column) { return m_model ? m_model->columnFamily(column) : ColumnFamily::Other; },
        [this] { return m_model ? m_model->columnFilter() : ColumnFilter(); });
    m_filterMenu->action()->setEnabled(false);
    connect(m_filterMenu, &ColumnFilterMenu::filterChosen, this, &ProfilesPane::applyColumnFilter);
    m_ui->searchEdit->setEnabled(false);
    // The search runs when typing pauses, or at once on Return.
    m_searchTimer.setSingleShot(true);
    m_searchTimer.setInterval(SearchDelayMs);
    connect(m_ui->searchEdit, &QLineEdit::textChanged, this, [this] { m_searchTimer.start(); });
    connect(m_ui->searchEdit, &QLineEdit::returnPressed, this, &ProfilesPane::applySearch);
    connect(&m_searchTimer, &QTimer::timeout, this, &ProfilesPane::applySearch);
    auto *find = new QAction(tr("Find profiles"), this);
    find->setShortcut(QKeySequence(QStringLiteral("Ctrl+Shift+F")));
    find->setShortcutContext(Qt::WindowShortcut);
    addAction(find);
    connect(find, &QAction::triggered, this, &ProfilesPane::focusSearch);
}

bool ProfilesPane::isNarrowed() const
{
    return m_model && m_model->isNarrowed();
}

qint64 ProfilesPane::matchCount() const
{
    return m_model ? m_model->totalRows() : -1;
}

qint64 ProfilesPane::profileCount() const
{
    return m_model ? m_model->profileCount() : -1;
}

void ProfilesPane::focusSearch()
{
    m_ui->searchEdit->setFocus(Qt::ShortcutFocusReason);
    m_ui->searchEdit->selectAll();
}

void ProfilesPane::applySearch()
{
    m_searchTimer.stop();
    const QString text = m_ui->searchEdit->text().trimmed();
    if (!m_model || text == m_model->searchText())
        return;
    narrow([text](ProfilesModel &model) { return model.setSearchText(text); });
}

void ProfilesPane::applyColumnFilter(const ColumnFilter &filter)
{
    narrow([filter](ProfilesModel &model) { return model.setColumnFilter(filter); });
}

bool ProfilesPane::narrow(const std::function<bool(ProfilesModel &)> &change)
{
    if (!m_model || !settleEdits(tr("showing other profiles")) || !ensureConnected())
        return false;
    if (!change(*m_model)) {
        Q_EMIT errorOccurred(tr("Could not read the profiles"), m_model->lastErrorMessage());
        return false;
    }
    m_ui->profilesView->setCurrentIndex(m_model->index(0, 0));
    Q_EMIT countsChanged();
    changed();
    return true;
}

void ProfilesPane::updateEmptyNote()
{
    QString note;
    if (m_model && m_model->rowCount() == 0 && m_model->isNarrowed())
        note = m_model->searchText().isEmpty() ? tr("No profiles match the column filters")
                                               : tr("No profiles match “%1”").arg(m_model->searchText());
    m_emptyNote->setNote(note);
}
