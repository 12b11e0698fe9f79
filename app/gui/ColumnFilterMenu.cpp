#include "ColumnFilterMenu.h"

#include <QAction>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QMenu>
#include <QTableView>
#include <QWidgetAction>

#include <algorithm>

ColumnFilterMenu::ColumnFilterMenu(QTableView *view, std::function<ColumnFamily(int)> familyOf,
                                   std::function<ColumnFilter()> filterOf)
    : QObject(view)
    , m_view(view)
    , m_action(new QAction(tr("&Filter column…"), view))
    , m_familyOf(std::move(familyOf))
    , m_filterOf(std::move(filterOf))
{
    m_action->setShortcut(QKeySequence(QStringLiteral("Ctrl+Shift+L")));
    // Each grid has its own: the shortcut works where the focus is.
    m_action->setShortcutContext(Qt::WidgetWithChildrenShortcut);
    m_action->setToolTip(tr("Filter the rows by the current column"));
    view->addAction(m_action);
    connect(m_action, &QAction::triggered, this, [this] {
        const QModelIndex current = m_view->currentIndex();
        popUp(current.isValid() ? current.column() : m_view->horizontalHeader()->logicalIndexAt(0));
    });
    QHeaderView *header = view->horizontalHeader();
    header->setContextMenuPolicy(Qt::CustomContextMenu);
    connect(header, &QWidget::customContextMenuRequested, this, [this, header](const QPoint &pos) {
        const int column = header->logicalIndexAt(pos);
        if (column >= 0)
            popUp(column);
    });
}

void ColumnFilterMenu::popUp(int column)
{
    if (!m_view->model() || column < 0 || column >= m_view->model()->columnCount())
        return;
    const ColumnFilter filter = m_filterOf();
    const bool has = filter.has(column);
    const ColumnFilter::Condition now = filter.condition(column);

    auto *menu = new QMenu(m_view);
    menu->setAttribute(Qt::WA_DeleteOnClose);
    menu->setAccessibleName(tr("Filter column"));
    menu->setTitle(m_view->model()->headerData(column, Qt::Horizontal).toString());
    if (m_familyOf(column) == ColumnFamily::Text) {
        // The text field sits in the menu, so typing then Return filters at once.
        auto *row = new QWidget(menu);
        auto *layout = new QHBoxLayout(row);
        layout->setContentsMargins(6, 2, 6, 2);
        auto *label = new QLabel(tr("Contains:"), row);
        auto *edit = new QLineEdit(row);
        label->setBuddy(edit);
        edit->setAccessibleName(tr("Filter contains"));
        edit->setPlaceholderText(tr("text, any case"));
        edit->setClearButtonEnabled(true);
        if (has && now.kind == ColumnFilter::Kind::Contains)
            edit->setText(now.text);
        layout->addWidget(label);
        layout->addWidget(edit);
        auto *contains = new QWidgetAction(menu);
        contains->setDefaultWidget(row);
        menu->addAction(contains);
        connect(edit, &QLineEdit::returnPressed, this, [this, menu, edit, column] {
            const ColumnFilter::Condition condition{ColumnFilter::Kind::Contains, edit->text().trimmed()};
            menu->close();
            choose(column, &condition);
        });
        menu->setActiveAction(contains);
        edit->setFocus();
    }
    const auto addChoice = [&](const QString &text, ColumnFilter::Kind kind) {
        QAction *choice = menu->addAction(text);
        choice->setCheckable(true);
        choice->setChecked(has && now.kind == kind);
        connect(choice, &QAction::triggered, this, [this, column, kind] {
            const ColumnFilter::Condition condition{kind, QString()};
            choose(column, &condition);
        });
    };
    addChoice(tr("Is &NULL"), ColumnFilter::Kind::IsNull);
    addChoice(tr("Is n&ot NULL"), ColumnFilter::Kind::IsNotNull);
    menu->addSeparator();
    QAction *clear = menu->addAction(tr("&Clear filter"));
    clear->setEnabled(has);
    connect(clear, &QAction::triggered, this, [this, column] { choose(column, nullptr); });
    QAction *clearEvery = menu->addAction(tr("Clear &all filters"));
    clearEvery->setEnabled(!filter.isEmpty());
    connect(clearEvery, &QAction::triggered, this, &ColumnFilterMenu::clearAll);

    // The keyboard goes back to the grid the menu came from, filtered or not.
    connect(menu, &QMenu::aboutToHide, m_view, [view = m_view] {
        view->activateWindow();
        view->setFocus(Qt::PopupFocusReason);
    });
    QHeaderView *header = m_view->horizontalHeader();
    const int x = header->sectionViewportPosition(column);
    menu->popup(header->mapToGlobal(QPoint(std::max(0, x), header->height())));
}

void ColumnFilterMenu::choose(int column, const ColumnFilter::Condition *condition)
{
    ColumnFilter filter = m_filterOf();
    if (condition)
        filter.set(column, *condition);
    else
        filter.clear(column);
    Q_EMIT filterChosen(filter);
}

void ColumnFilterMenu::clearAll()
{
    Q_EMIT filterChosen(ColumnFilter());
}
