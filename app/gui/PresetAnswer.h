#pragma once

#include <optional>
#include <utility>

// An answer given beforehand to the next dialog of one kind, so that tests can drive the window without a
// modal dialog (KeePassXC's MessageBox::setNextAnswer). The dialog takes it once; later ones ask again.
template<typename Answer> class PresetAnswer
{
public:
    void set(Answer answer) { m_answer = std::move(answer); }
    void clear() { m_answer.reset(); }
    // The preset answer, cleared, or nothing when none was set.
    std::optional<Answer> take() { return std::exchange(m_answer, std::nullopt); }

private:
    std::optional<Answer> m_answer;
};
