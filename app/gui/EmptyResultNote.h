#pragma once

#include <QLabel>

class QAbstractItemView;

// A line over a view's empty viewport saying that nothing matches ("No users match “zzz”"), so an empty
// search result is never mistaken for an empty table or a view still loading.
class EmptyResultNote final : public QLabel
{
    Q_OBJECT

public:
    explicit EmptyResultNote(QAbstractItemView *view);

    // Shows `text` over the view; an empty text hides the note.
    void setNote(const QString &text);

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    void place();
};
