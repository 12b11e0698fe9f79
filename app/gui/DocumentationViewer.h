#pragma once

#include <QDialog>
#include <QUrl>

class QTextBrowser;

// "Documentation" (Help menu): the guides that ship inside the program (docs/*.md compiled in as resources),
// shown as formatted text, so they work from a build tree, an install or a copied binary alike.
class DocumentationViewer final : public QDialog
{
    Q_OBJECT

public:
    explicit DocumentationViewer(QWidget *parent = nullptr);

    // The guide first shown: the window, step by step.
    static QUrl home();
    QTextBrowser *browser() const { return m_browser; }

private:
    QTextBrowser *const m_browser;
};
