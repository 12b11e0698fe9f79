#pragma once

#include <QLabel>

class ProfilesPane;
class UsersPane;

// The status bar's counts ("300 users · 60 without profile"; with several profile tables "300 users · 60
// without account_profile · 12 without notifications_notificationsettings"; how many rows match a search),
// kept beside the messages at a fixed width so that a long message is cut before it reaches them.
class CountsLabel final : public QLabel
{
    Q_OBJECT

public:
    explicit CountsLabel(QWidget *parent = nullptr);

    // What the panes count now; without a session (nullptr panes) says no database is open.
    void showCounts(const UsersPane *users, const ProfilesPane *profiles);
};
