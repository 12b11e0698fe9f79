// libFuzzer target for DatabaseUrl::parse(), the one parser that sees untrusted text (command lines,
// DATABASE_URL, the GUI's URL field, the stored recent connections). For any input:
//  1. parse() neither crashes, hangs, leaks nor trips ASan/UBSan;
//  2. an accepted URL survives the forms it is handed out in: parse(toStorableString()) (what the recent
//     connections keep) and parse(toDisplayString()) name the same database, without the password;
//  3. a password never shows: the input placed as the password of an otherwise ordinary URL appears in no
//     error message and in neither form.
// Built with -DPROFILE_ADMIN_FUZZ=ON and clang; tests/fuzz/run-fuzz.sh runs it briefly in CI.
#include "DatabaseUrl.h"

#include <QByteArray>
#include <QString>

#include <cstdint>
#include <cstdio>
#include <cstdlib>

namespace {

// Markers around the fuzzed password, so that any part of it showing up can be seen.
const QString Before = QStringLiteral("Zq9");
const QString After = QStringLiteral("Xk7");

[[noreturn]] void fail(const char *what, const QString &input, const QString &detail)
{
    std::fprintf(stderr, "fuzz_databaseurl: %s\n  input:  %s\n  detail: %s\n", what, qPrintable(input),
                 qPrintable(detail));
    std::abort();
}

bool sameDatabase(const DatabaseUrl &a, const DatabaseUrl &b)
{
    return a.kind() == b.kind() && a.host() == b.host() && a.port() == b.port() && a.user() == b.user() &&
           a.databaseName() == b.databaseName() && a.options() == b.options() && a.filePath() == b.filePath();
}

void checkRoundTrip(const QString &input, const DatabaseUrl &url)
{
    QString error;
    const DatabaseUrl stored = DatabaseUrl::parse(url.toStorableString(), &error);
    if (!stored.isValid() || !sameDatabase(url, stored) || !stored.password().isEmpty())
        fail("the storable form does not name the same database", input,
             url.toStorableString() + QStringLiteral(" / ") + error);
    const DatabaseUrl shown = DatabaseUrl::parse(url.toDisplayString(), &error);
    if (!shown.isValid() || !sameDatabase(url, shown))
        fail("the display form does not name the same database", input,
             url.toDisplayString() + QStringLiteral(" / ") + error);
    if (!url.password().isEmpty() && url.user().isEmpty() == false &&
        shown.password() != QLatin1String("***"))
        fail("the display form does not mask the password", input, url.toDisplayString());
}

void checkSecret(const QString &password, const QString &rest)
{
    if (rest.contains(Before) || rest.contains(After))
        return;
    const QString input =
        QStringLiteral("postgres://admin:") + Before + password + After + QLatin1Char('@') + rest;
    QString error;
    const DatabaseUrl url = DatabaseUrl::parse(input, &error);
    for (const QString &shown : {error, url.toDisplayString(), url.toStorableString()}) {
        if (shown.contains(Before) || shown.contains(After))
            fail("the password shows", input, shown);
    }
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size)
{
    const QByteArray bytes(reinterpret_cast<const char *>(data), static_cast<qsizetype>(size));
    const QString text = QString::fromUtf8(bytes);

    QString error;
    const DatabaseUrl url = DatabaseUrl::parse(text, &error);
    if (url.isValid())
        checkRoundTrip(text, url);
    else if (error.isEmpty())
        fail("an invalid URL without a message", text, QString());

    // The input as a password: before the first NUL byte, the rest (if any) is what follows the '@'.
    const qsizetype nul = bytes.indexOf('\0');
    const QString password = QString::fromUtf8(nul < 0 ? bytes : bytes.left(nul));
    const QString rest = nul < 0 ? QStringLiteral("db.example.org:5432/site?sslmode=require")
                                 : QString::fromUtf8(bytes.mid(nul + 1));
    checkSecret(password, rest);
    return 0;
}
