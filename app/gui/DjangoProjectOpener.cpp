#include "DjangoProjectOpener.h"

#include "DjangoProcess.h"
#include "FileDialog.h"

#include <QAction>
#include <QDir>
#include <QThread>
#include <QWidget>

#include <memory>

DjangoProjectOpener::DjangoProjectOpener(QWidget *window)
    : QObject(window)
    , m_window(window)
    , m_action(new QAction(tr("Open &Django project…"), window))
{
    m_action->setObjectName(QStringLiteral("actionOpenDjangoProject"));
    m_action->setToolTip(tr("Open a Django project's manage.py: its database and its models' defaults"));
    m_action->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_D));
    connect(m_action, &QAction::triggered, this, &DjangoProjectOpener::pick);
}

void DjangoProjectOpener::pick()
{
    const QString managePy =
        FileDialog::getOpenFileName(m_window, tr("Open Django project"), QDir::homePath(),
                                    tr("Django manage.py (manage.py);;Python files (*.py)"));
    if (!managePy.isEmpty())
        open(managePy, m_python);
}

void DjangoProjectOpener::open(const QString &managePy, const QString &python)
{
    if (m_running)
        return;
    m_running = true;
    m_action->setEnabled(false);
    Q_EMIT statusMessage(tr("Reading the Django project %1…").arg(managePy));
    // Importing a project's settings and apps can take seconds: the window keeps drawing meanwhile.
    struct Outcome
    {
        DjangoProject project;
        QString error;
    };
    auto outcome = std::make_shared<Outcome>();
    QThread *thread = QThread::create([outcome, managePy, python] {
        DjangoProcess process(managePy, python);
        outcome->project = process.introspect(&outcome->error);
    });
    connect(thread, &QThread::finished, this, [this, thread, outcome] {
        thread->deleteLater();
        m_running = false;
        m_action->setEnabled(true);
        Q_EMIT statusMessage(QString());
        if (outcome->project.isValid())
            Q_EMIT opened(outcome->project);
        else
            Q_EMIT failed(tr("Django project not opened"), outcome->error);
    });
    thread->start();
}
