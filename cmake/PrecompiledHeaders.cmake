# Precompiled headers: each translation unit of ours spends most of its compile time parsing the same Qt headers, so
# one precompiled set per kind of target (core, window, test, window test) is built once and reused by the others
# of its kind. A set is reused only by targets compiled with the same definitions: GCC's -Winvalid-pch, which CMake
# adds and -Werror makes fatal, stops the build if that ever stops being true.
include_guard(GLOBAL)

option(PROFILE_ADMIN_PCH "Compile with precompiled Qt headers" ON)

set(PA_PCH_CORE_HEADERS
    <algorithm> <functional> <memory> <utility>
    <QByteArray> <QDate> <QDateTime> <QDir> <QElapsedTimer> <QFile> <QFileInfo> <QHash> <QJsonArray>
    <QJsonDocument> <QJsonObject> <QList> <QLocale> <QMap> <QObject> <QRegularExpression> <QScopedPointer> <QSet>
    <QSqlDatabase> <QSqlError> <QSqlQuery> <QSqlRecord> <QString> <QStringList> <QTextStream> <QThread> <QTimer>
    <QUrl> <QUuid> <QVariant>)
set(PA_PCH_WIDGETS_HEADERS
    <QAbstractItemView> <QAction> <QApplication> <QCheckBox> <QComboBox> <QDialog> <QDialogButtonBox> <QHeaderView>
    <QKeyEvent> <QLabel> <QLineEdit> <QMainWindow> <QMenu> <QMessageBox> <QPushButton> <QStatusBar>
    <QStyledItemDelegate> <QTableView> <QWidget>)
set(PA_PCH_TEST_HEADERS <QProcess> <QProcessEnvironment> <QSignalSpy> <QTemporaryDir> <QTest>)

# pa_precompile_headers(TARGET HEADER-LISTS...) gives TARGET its own precompiled set, made of the named lists.
function(pa_precompile_headers target)
    if(NOT PROFILE_ADMIN_PCH)
        return()
    endif()
    set(headers "")
    foreach(list IN LISTS ARGN)
        list(APPEND headers ${${list}})
    endforeach()
    target_precompile_headers(${target} PRIVATE ${headers})
endfunction()

# pa_reuse_precompiled_headers(TARGET FROM) compiles TARGET with FROM's precompiled set.
function(pa_reuse_precompiled_headers target from)
    if(PROFILE_ADMIN_PCH)
        target_precompile_headers(${target} REUSE_FROM ${from})
    endif()
endfunction()
