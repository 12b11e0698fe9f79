#pragma once

#include <QFrame>
#include <QScopedPointer>

namespace Ui {
class MissingProfilesBar;
}
class QAction;

// The bar above the views on a database where users lack a profile: how many, what breaks for them in the
// site, and the two ways on ("Create missing profiles", "Show them"). It hides when none are missing and
// once closed stays closed until the next database is opened.
class MissingProfilesBar final : public QFrame
{
    Q_OBJECT

public:
    explicit MissingProfilesBar(QWidget *parent = nullptr);
    ~MissingProfilesBar() override;

    // The window's action behind "Create missing profiles" (its enabled state stays the window's).
    void setCreateAction(QAction *createMissing);
    // A new database: a bar closed on the previous one may show again.
    void reset();
    // `missing` users of `users` lack a profile in some of `tables` profile tables (-1 while counting).
    void setCounts(qint64 users, qint64 missing, int tables = 1);

Q_SIGNALS:
    void showRequested();

protected:
    void changeEvent(QEvent *event) override;

private:
    // The amber and its text, from the palette in use now.
    void applyStateColours();

    const QScopedPointer<Ui::MissingProfilesBar> m_ui;
    bool m_closed = false;
};
