#include "EmptyResultNote.h"

#include <QAbstractItemView>
#include <QEvent>

#include <algorithm>

EmptyResultNote::EmptyResultNote(QAbstractItemView *view)
    : QLabel(view->viewport())
{
    setAccessibleName(tr("Empty result"));
    setAlignment(Qt::AlignCenter);
    setWordWrap(true);
    setForegroundRole(QPalette::PlaceholderText);
    // Clicks go to the view underneath.
    setAttribute(Qt::WA_TransparentForMouseEvents);
    view->viewport()->installEventFilter(this);
    hide();
}

void EmptyResultNote::setNote(const QString &text)
{
    setText(text);
    setVisible(!text.isEmpty());
    if (!text.isEmpty())
        place();
}

bool EmptyResultNote::eventFilter(QObject *watched, QEvent *event)
{
    if (watched == parent() && event->type() == QEvent::Resize)
        place();
    return QLabel::eventFilter(watched, event);
}

void EmptyResultNote::place()
{
    const QWidget *viewport = parentWidget();
    setGeometry(8, 8, std::max(0, viewport->width() - 16), std::max(0, viewport->height() - 16));
}
