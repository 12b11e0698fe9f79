// The Users pane's part in the model's window: the view holds at most a window of the result, so Ctrl+End,
// Ctrl+Home, stepping past the window's edge and the scroll bar's ends move the window; the rows on screen
// and the current user stay where they were, and a label says which rows the view holds.
#include "UsersPane.h"

#include "ui_UsersPane.h"

#include "UsersHighlightProxy.h"
#include "UsersModel.h"

#include <QHeaderView>
#include <QKeyEvent>
#include <QLabel>
#include <QLocale>
#include <QScopedValueRollback>
#include <QScrollBar>

void UsersPane::setUpWindowNavigation()
{
    QTableView *view = m_ui->usersView;
    view->installEventFilter(this);
    QScrollBar *bar = view->verticalScrollBar();
    connect(bar, &QScrollBar::valueChanged, this, &UsersPane::queueWindowEdgeCheck);
    connect(bar, &QScrollBar::sliderReleased, this, &UsersPane::queueWindowEdgeCheck);
    // A click moves on from an end still to be reached, as a key does.
    connect(view, &QAbstractItemView::pressed, this, [this] { m_endPending = false; });
    m_windowLabel = new QLabel(this);
    m_windowLabel->setAccessibleName(tr("Shown rows"));
    m_windowLabel->hide();
    m_ui->usersButtons->addWidget(m_windowLabel);
}

bool UsersPane::eventFilter(QObject *watched, QEvent *event)
{
    // The window moves first; the view then handles the key as ever, inside the moved window. Before the
    // count is known the end may lie beyond the rows seen so far, so Ctrl+End is the pane's then too.
    if (watched == m_ui->usersView && event->type() == QEvent::KeyPress && m_model) {
        // Any key moves on from an end still to be reached; Ctrl+End asks for it again.
        m_endPending = false;
        if ((m_model->isWindowed() || !m_model->isTotalKnown()) &&
            moveWindowForKey(static_cast<const QKeyEvent *>(event)))
            return true;
    }
    return QWidget::eventFilter(watched, event);
}

bool UsersPane::moveWindowForKey(const QKeyEvent *event)
{
    QTableView *view = m_ui->usersView;
    const bool control = event->modifiers().testFlag(Qt::ControlModifier);
    const int row = view->currentIndex().isValid() ? view->currentIndex().row() : 0;
    const int rowHeight = std::max(1, view->verticalHeader()->defaultSectionSize());
    // A page as PageDown moves it, plus one for a row only partly shown.
    const int page = std::max(1, view->viewport()->height() / rowHeight) + 1;
    const bool moreBelow = m_model->windowStart() + m_model->rowCount() < m_model->resultRows();
    const bool moreAbove = m_model->windowStart() > 0;
    const int half = m_model->windowRows() / 2;
    switch (event->key()) {
    case Qt::Key_End:
        if (control && !(m_model->isTotalKnown() && m_model->resultRows() == 0)) {
            moveWindowKeepingView([this] { m_model->moveToEnd(); });
            // Until the count arrives the end reached may be where the rows seen so far end, or rest on the
            // server's estimate: the cursor goes on to the counted end when the count arrives.
            m_endPending = !m_model->isTotalKnown();
            if (m_model->rowCount() > 0)
                moveCursorTo(m_model->rowCount() - 1);
            return true;
        }
        break;
    case Qt::Key_Home:
        if (control) {
            moveWindowKeepingView([this] { m_model->moveWindowTo(0); });
            moveCursorTo(0);
            return true;
        }
        break;
    case Qt::Key_Down:
    case Qt::Key_PageDown:
        if (moreBelow && row + (event->key() == Qt::Key_Down ? 1 : page) >= m_model->rowCount())
            moveWindowKeepingView([this, half] { m_model->shiftWindow(half); });
        break;
    case Qt::Key_Up:
    case Qt::Key_PageUp:
        if (moreAbove && row - (event->key() == Qt::Key_Up ? 1 : page) < 0)
            moveWindowKeepingView([this, half] { m_model->shiftWindow(-half); });
        break;
    default:
        break;
    }
    return false;
}

void UsersPane::reachPendingEnd()
{
    if (!m_endPending || !m_model)
        return;
    bool reached = false;
    moveWindowKeepingView([this, &reached] { reached = m_model->moveToEnd(); });
    if (reached && m_model->rowCount() > 0)
        moveCursorTo(m_model->rowCount() - 1);
    // An estimated end is still to be corrected by the count.
    m_endPending = !m_model->isTotalKnown();
}

void UsersPane::moveCursorTo(int row)
{
    // As the view's own Ctrl+End and Ctrl+Home: the cursor moves, the selection stays, even with no cursor
    // yet (the view would go to the first row then).
    QTableView *view = m_ui->usersView;
    const int column = view->currentIndex().isValid() ? view->currentIndex().column() : 0;
    const QModelIndex index = m_proxy->index(row, column);
    view->selectionModel()->setCurrentIndex(index, QItemSelectionModel::NoUpdate);
    view->scrollTo(index);
}

void UsersPane::queueWindowEdgeCheck()
{
    if (m_movingWindow || m_edgeCheckQueued || !m_model || !m_model->isWindowed())
        return;
    // Not inside the scroll bar's own signal: the check resets the model.
    m_edgeCheckQueued = true;
    QMetaObject::invokeMethod(
        this,
        [this] {
            m_edgeCheckQueued = false;
            checkWindowEdge();
        },
        Qt::QueuedConnection);
}

void UsersPane::checkWindowEdge()
{
    const QScrollBar *bar = m_ui->usersView->verticalScrollBar();
    // While the slider is dragged the window waits for its release, or it would move under the mouse.
    if (!m_model || m_movingWindow || bar->isSliderDown() || bar->maximum() <= bar->minimum())
        return;
    const int half = m_model->windowRows() / 2;
    if (bar->value() == bar->maximum() &&
        m_model->windowStart() + m_model->rowCount() < m_model->resultRows())
        moveWindowKeepingView([this, half] { m_model->shiftWindow(half); });
    else if (bar->value() == bar->minimum() && m_model->windowStart() > 0)
        moveWindowKeepingView([this, half] { m_model->shiftWindow(-half); });
}

void UsersPane::moveWindowKeepingView(const std::function<void()> &move)
{
    QTableView *view = m_ui->usersView;
    const qint64 before = m_model->windowStart();
    const int topRow = view->rowAt(0);
    const qint64 top = topRow >= 0 ? before + topRow : -1;
    const int leftColumn = std::max(0, view->columnAt(0));
    const QModelIndex current = view->currentIndex();
    // A current user outside the window is remembered until a window holds them again.
    if (current.isValid()) {
        m_keptCurrentPosition = before + current.row();
        m_keptCurrentKey = current.data(UsersModel::UserKeyRole);
        m_keptCurrentColumn = current.column();
    }
    const QScopedValueRollback<bool> moving(m_movingWindow, true);
    move();
    if (m_model->windowStart() == before)
        return;
    // The scroll bar's range follows the new rows now, not at the next layout.
    view->doItemsLayout();
    // A reset leaves no cursor: one now was put by the move itself (Show owner found its user).
    if (view->currentIndex().isValid()) {
        m_keptCurrentPosition = -1;
        Q_EMIT stateChanged();
        return;
    }
    // The current user first: making a row current scrolls to it.
    restoreCurrentUser();
    const int topNow = top >= 0 ? m_model->rowAt(top) : -1;
    if (topNow >= 0)
        view->scrollTo(m_proxy->index(topNow, leftColumn), QAbstractItemView::PositionAtTop);
    Q_EMIT stateChanged();
}

void UsersPane::restoreCurrentUser()
{
    const int row = m_keptCurrentPosition >= 0 ? m_model->rowAt(m_keptCurrentPosition) : -1;
    if (row < 0)
        return;
    const QModelIndex index = m_proxy->index(row, m_keptCurrentColumn);
    // Positions are the same users until the rows are read again; a read row must still be that user.
    const QVariant key = index.data(UsersModel::UserKeyRole);
    if (!key.isValid() || !m_keptCurrentKey.isValid() || key == m_keptCurrentKey)
        m_ui->usersView->selectionModel()->setCurrentIndex(index, QItemSelectionModel::NoUpdate);
    m_keptCurrentPosition = -1;
}

void UsersPane::updateWindowLabel()
{
    if (!m_model || !m_model->isWindowed() || m_model->rowCount() == 0) {
        m_windowLabel->hide();
        return;
    }
    const QLocale locale;
    const qint64 first = m_model->windowStart() + 1;
    const qint64 last = m_model->windowStart() + m_model->rowCount();
    m_windowLabel->setText(
        m_model->isPositionEstimated()
            ? tr("rows about %1–%2, counting…").arg(locale.toString(first), locale.toString(last))
        : m_model->isTotalKnown()
            ? tr("rows %1–%2 of %3")
                  .arg(locale.toString(first), locale.toString(last), locale.toString(m_model->resultRows()))
            : tr("rows %1–%2").arg(locale.toString(first), locale.toString(last)));
    m_windowLabel->show();
}
