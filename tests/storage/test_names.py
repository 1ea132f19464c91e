import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tradepulse.errors import StorageError
from tradepulse.storage import check_name


@pytest.mark.parametrize(
    "value", ["alpha", "ADM_v1.2-final", "0", "a" * 128, "x_20240102_030405_2"]
)
def test_accepts_plain_names(value):
    assert check_name(value) == value


@pytest.mark.parametrize(
    "value",
    [
        "../evil", "/etc/passwd", "a/b", "a\\b", "x\x00y", "", "..", ".", ".hidden",
        "a..b", "-flag", "name\n", "with space", "a" * 129, None, 5,
    ],
)
def test_rejects_names_unsafe_in_a_path(value):
    with pytest.raises(StorageError) as caught:
        check_name(value, "model name")
    assert str(caught.value) == f"invalid model name: {value!r}"


def test_error_is_a_value_error_for_callers_that_catch_those():
    with pytest.raises(ValueError):
        check_name("../x")


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("aZ1./\\\x00-_ \n")), max_size=8))
def test_an_accepted_name_is_always_one_plain_entry_of_its_folder(tmp_path_factory, value):
    root = tmp_path_factory.getbasetemp() / "root"
    try:
        check_name(value)
    except StorageError:
        return
    joined = root / value
    assert joined.parent == root
    assert joined.resolve().parent == root.resolve()
    assert not value.startswith(".")
