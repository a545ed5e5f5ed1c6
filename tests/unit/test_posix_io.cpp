// SPDX-License-Identifier: MIT
#include <fcntl.h>
#include <unistd.h>

#include <string>
#include <thread>

#include <catch2/catch.hpp>

#include "posix_io.h"

using dossier::FileDescriptor;
using dossier::write_all;

namespace {

bool is_open(int fd) { return ::fcntl(fd, F_GETFD) != -1; }

}  // namespace

TEST_CASE("write_all delivers every byte through a pipe far smaller than the data", "[posix_io]") {
    int fds[2];
    REQUIRE(::pipe(fds) == 0);
    FileDescriptor read_end(fds[0]);
    FileDescriptor write_end(fds[1]);
    std::string data(4u << 20, '\0');  // 4 MiB against a 64 KiB pipe: many short writes
    for (std::size_t i = 0; i < data.size(); ++i) data[i] = static_cast<char>(i * 31 % 251);
    std::string received;
    std::thread reader([&] {
        char buffer[8192];
        ssize_t n;
        while ((n = ::read(read_end.get(), buffer, sizeof buffer)) > 0) received.append(buffer, static_cast<std::size_t>(n));
    });
    const bool written = write_all(write_end.get(), data);
    write_end.reset();  // end of file for the reader
    reader.join();
    CHECK(written);
    CHECK(received == data);
}

TEST_CASE("write_all reports a write that fails", "[posix_io]") {
    FileDescriptor read_only(::open("/dev/null", O_RDONLY | O_CLOEXEC));
    REQUIRE(read_only.get() >= 0);
    CHECK_FALSE(write_all(read_only.get(), "text"));
}

TEST_CASE("a FileDescriptor closes its descriptor once, and a move hands it on", "[posix_io]") {
    int fd = -1;
    {
        FileDescriptor first(::open("/dev/null", O_RDONLY | O_CLOEXEC));
        fd = first.get();
        REQUIRE(is_open(fd));
        FileDescriptor second(std::move(first));
        CHECK(first.get() == -1);
        CHECK(second.get() == fd);
        FileDescriptor third;
        third = std::move(second);
        CHECK(second.get() == -1);
        CHECK(is_open(fd));
    }
    CHECK_FALSE(is_open(fd));
}
