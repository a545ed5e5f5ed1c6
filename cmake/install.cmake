# SPDX-License-Identifier: MIT
# What `cmake --install` puts where (GNUInstallDirs), the man pages and shell
# completion it installs, the systemd units, their tests, and the Debian
# package (CPack, made by scripts/package). Included at the end of the
# top-level CMakeLists.txt, so every target is known here.
#
# No data files: data/ is compiled into the programs (cmake/embed_files.cmake).
include(GNUInstallDirs)

install(TARGETS dossier-index dossier-search dossier-gazetteer dossier-serve
        RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})

# Man pages: one scdoc source per program in man/, rendered by every build
# so a broken page fails the build rather than the packaging.
find_program(DOSSIER_SCDOC scdoc)
if(NOT DOSSIER_SCDOC)
  message(FATAL_ERROR "scdoc not found: the man pages are rendered with it. "
                      "Install the Debian package scdoc (scripts/setup does).")
endif()
# Installed gzipped, as Debian policy wants and man-db reads everywhere;
# -n leaves out the name and time, so the same page gives the same bytes.
find_program(DOSSIER_GZIP gzip REQUIRED)
set(dossier_man_pages dossier-index.1 dossier-search.1 dossier-gazetteer.1 dossier-serve.1)
set(dossier_man_dir ${PROJECT_BINARY_DIR}/man)
set(dossier_man_outputs)
foreach(page IN LISTS dossier_man_pages)
  # The footer names the version of the project.
  configure_file(${PROJECT_SOURCE_DIR}/man/${page}.scd ${dossier_man_dir}/${page}.scd @ONLY)
  # Written under a temporary name first: a failed render leaves no page
  # that looks up to date.
  add_custom_command(
    OUTPUT ${dossier_man_dir}/${page} ${dossier_man_dir}/${page}.gz
    COMMAND sh -c "\"$1\" < \"$2.scd\" > \"$2.tmp\" && mv \"$2.tmp\" \"$2\" && \"$3\" -9 -n -k -f \"$2\""
            sh ${DOSSIER_SCDOC} ${dossier_man_dir}/${page} ${DOSSIER_GZIP}
    DEPENDS ${dossier_man_dir}/${page}.scd
    COMMENT "Rendering man page ${page}"
    VERBATIM)
  list(APPEND dossier_man_outputs ${dossier_man_dir}/${page} ${dossier_man_dir}/${page}.gz)
  install(FILES ${dossier_man_dir}/${page}.gz DESTINATION ${CMAKE_INSTALL_MANDIR}/man1)
endforeach()
add_custom_target(dossier-man-pages ALL DEPENDS ${dossier_man_outputs})

# Shell completion, where each shell looks for it under the prefix. Debian's
# zsh searches /usr/share/zsh/vendor-completions, not site-functions, for
# packaged files; other prefixes get zsh's own default, site-functions.
foreach(program IN ITEMS dossier-index dossier-search dossier-gazetteer)
  install(FILES ${PROJECT_SOURCE_DIR}/completion/${program}.bash
          DESTINATION ${CMAKE_INSTALL_DATADIR}/bash-completion/completions RENAME ${program})
  install(FILES ${PROJECT_SOURCE_DIR}/completion/${program}.fish
          DESTINATION ${CMAKE_INSTALL_DATADIR}/fish/vendor_completions.d)
endforeach()
if(CMAKE_INSTALL_PREFIX STREQUAL "/usr")
  set(dossier_zsh_dir ${CMAKE_INSTALL_DATADIR}/zsh/vendor-completions)
else()
  set(dossier_zsh_dir ${CMAKE_INSTALL_DATADIR}/zsh/site-functions)
endif()
install(FILES ${PROJECT_SOURCE_DIR}/completion/_dossier DESTINATION ${dossier_zsh_dir})

# systemd units: the nightly re-index (dossier-index.{service,timer}), and
# the re-index followed by the saved searches' alerts
# (dossier-alerts.{service,timer}, which takes the other timer's place).
# The services in contrib/systemd/ run /usr/local/bin/PROGRAM (the README
# copies them by hand); the installed ones must run the installed binary.
# The prefix can still change at install time (cmake --install --prefix P;
# CPack installs into /usr), so each service is written then, from the
# prefix of that install, just before it is installed. `settings` names
# what a drop-in would change.
function(dossier_install_service unit program settings)
  set(source ${PROJECT_SOURCE_DIR}/contrib/systemd/${unit})
  set_property(DIRECTORY APPEND PROPERTY CMAKE_CONFIGURE_DEPENDS ${source})
  file(READ ${source} text)
  string(FIND "${text}" "ExecStart=/usr/local/bin/${program} " exec_start)
  if(exec_start EQUAL -1)
    message(FATAL_ERROR "${source} no longer runs /usr/local/bin/${program}; "
                        "update the path replaced in cmake/install.cmake")
  endif()
  install(CODE "set(dossier_service_source \"${source}\")
                set(dossier_service_output \"${PROJECT_BINARY_DIR}/systemd/${unit}\")
                set(dossier_service_unit \"${unit}\")
                set(dossier_service_program \"${program}\")
                set(dossier_service_settings \"${settings}\")
                set(dossier_bindir \"${CMAKE_INSTALL_BINDIR}\")")
  install(CODE [[
    if(NOT IS_ABSOLUTE "${dossier_bindir}")
      set(dossier_bindir "${CMAKE_INSTALL_PREFIX}/${dossier_bindir}")
    endif()
    file(READ "${dossier_service_source}" unit)
    string(REPLACE "/usr/local/bin/${dossier_service_program}" "${dossier_bindir}/${dossier_service_program}"
           unit "${unit}")
    file(WRITE "${dossier_service_output}"
         "# Installed with dossier: change it with `systemctl edit ${dossier_service_unit}`\n"
         "# (${dossier_service_settings}) rather than here.\n${unit}")
  ]])
  install(FILES ${PROJECT_BINARY_DIR}/systemd/${unit} DESTINATION lib/systemd/system)
endfunction()
dossier_install_service(dossier-index.service dossier-index "the folder, DOSSIER_DB, User")
dossier_install_service(dossier-alerts.service dossier-search "DOSSIER_DB, User")
dossier_install_service(dossier-serve.service dossier-serve "DOSSIER_DB and ReadOnlyPaths, --listen, --token-file")
# dossier-shard@.service runs Debian's /usr/bin/xapian-tcpsrv, no program
# of ours: installed as it is (docs/shards.md).
install(FILES ${PROJECT_SOURCE_DIR}/contrib/systemd/dossier-index.timer
              ${PROJECT_SOURCE_DIR}/contrib/systemd/dossier-alerts.timer
              ${PROJECT_SOURCE_DIR}/contrib/systemd/dossier-shard@.service
        DESTINATION lib/systemd/system)

# The licence (the SPDX headers say MIT; the tree has no LICENSE file), in
# the machine-readable format Debian wants in /usr/share/doc/PACKAGE/copyright;
# every install gets it, so the licence travels with the binaries.
set(dossier_copyright ${PROJECT_BINARY_DIR}/doc/copyright)
file(WRITE ${dossier_copyright}.tmp
"Format: https://www.debian.org/doc/packaging-manuals/copyright-format/1.0/
Upstream-Name: dossier

Files: *
Copyright: 2026 The dossier authors
License: MIT

Files: data/misp-gazetteer.json
Copyright: 2015-2018 Alexandre Dulaunoy, CIRCL - Computer Incident Response Center
 Luxembourg, Andras Iklody, Raphael Vinot, Deborah Servili; 2016-2018 Various
 contributors to MISP Project
License: CC0-1.0 or BSD-2-Clause
 The MISP galaxy clusters the built-in actor gazetteer is generated from
 (compiled into the programs). Full notice: data/misp-gazetteer.LICENSE.md
 in the source.
 .
 Redistribution and use in source and binary forms, with or without
 modification, are permitted provided that the following conditions are met:
 1. Redistributions of source code must retain the above copyright notice,
 this list of conditions and the following disclaimer.
 2. Redistributions in binary form must reproduce the above copyright notice,
 this list of conditions and the following disclaimer in the documentation
 and/or other materials provided with the distribution.
 .
 THIS SOFTWARE IS PROVIDED BY THE COPYRIGHT HOLDERS AND CONTRIBUTORS \"AS IS\" AND
 ANY EXPRESS OR IMPLIED WARRANTIES, INCLUDING, BUT NOT LIMITED TO, THE IMPLIED
 WARRANTIES OF MERCHANTABILITY AND FITNESS FOR A PARTICULAR PURPOSE ARE
 DISCLAIMED. IN NO EVENT SHALL THE COPYRIGHT HOLDER OR CONTRIBUTORS BE LIABLE
 FOR ANY DIRECT, INDIRECT, INCIDENTAL, SPECIAL, EXEMPLARY, OR CONSEQUENTIAL
 DAMAGES (INCLUDING, BUT NOT LIMITED TO, PROCUREMENT OF SUBSTITUTE GOODS OR
 SERVICES; LOSS OF USE, DATA, OR PROFITS; OR BUSINESS INTERRUPTION) HOWEVER
 CAUSED AND ON ANY THEORY OF LIABILITY, WHETHER IN CONTRACT, STRICT
 LIABILITY, OR TORT (INCLUDING NEGLIGENCE OR OTHERWISE) ARISING IN ANY WAY OUT
 OF THE USE OF THIS SOFTWARE, EVEN IF ADVISED OF THE POSSIBILITY OF SUCH
 DAMAGE.

License: MIT
 Permission is hereby granted, free of charge, to any person obtaining a
 copy of this software and associated documentation files (the \"Software\"),
 to deal in the Software without restriction, including without limitation
 the rights to use, copy, modify, merge, publish, distribute, sublicense,
 and/or sell copies of the Software, and to permit persons to whom the
 Software is furnished to do so, subject to the following conditions:
 .
 The above copyright notice and this permission notice shall be included
 in all copies or substantial portions of the Software.
 .
 THE SOFTWARE IS PROVIDED \"AS IS\", WITHOUT WARRANTY OF ANY KIND, EXPRESS
 OR IMPLIED, INCLUDING BUT NOT LIMITED TO THE WARRANTIES OF
 MERCHANTABILITY, FITNESS FOR A PARTICULAR PURPOSE AND NONINFRINGEMENT. IN
 NO EVENT SHALL THE AUTHORS OR COPYRIGHT HOLDERS BE LIABLE FOR ANY CLAIM,
 DAMAGES OR OTHER LIABILITY, WHETHER IN AN ACTION OF CONTRACT, TORT OR
 OTHERWISE, ARISING FROM, OUT OF OR IN CONNECTION WITH THE SOFTWARE OR THE
 USE OR OTHER DEALINGS IN THE SOFTWARE.
")
file(COPY_FILE ${dossier_copyright}.tmp ${dossier_copyright} ONLY_IF_DIFFERENT)
file(REMOVE ${dossier_copyright}.tmp)
install(FILES ${dossier_copyright} DESTINATION ${CMAKE_INSTALL_DOCDIR})

if(BUILD_TESTING)
  add_test(NAME "man: each page renders without warnings and documents every option"
    COMMAND ${PROJECT_SOURCE_DIR}/tests/man/check-man-pages ${PROJECT_SOURCE_DIR}/man ${dossier_man_dir}
            $<TARGET_FILE:dossier-index> $<TARGET_FILE:dossier-search> $<TARGET_FILE:dossier-gazetteer>
            $<TARGET_FILE:dossier-serve>)
  add_test(NAME "completion: bash offers every option and each fixed set of values"
    COMMAND ${PROJECT_SOURCE_DIR}/tests/man/check-completion ${PROJECT_SOURCE_DIR}/completion
            $<TARGET_FILE:dossier-index> $<TARGET_FILE:dossier-search> $<TARGET_FILE:dossier-gazetteer>)
  set_tests_properties("man: each page renders without warnings and documents every option"
                       "completion: bash offers every option and each fixed set of values"
                       PROPERTIES LABELS slow)
endif()

# The Debian package: scripts/package configures a tree for /usr and runs
# cpack -G DEB there.
set(DOSSIER_MAINTAINER "dossier maintainers <maintainers@users.noreply.h-seed-5cb36863.example>"
    CACHE STRING "Maintainer of the Debian package (name <email>)")
set(CPACK_GENERATOR DEB)
set(CPACK_PACKAGE_NAME dossier)
set(CPACK_PACKAGE_VERSION ${PROJECT_VERSION})
set(CPACK_PACKAGE_CONTACT "${DOSSIER_MAINTAINER}")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "full-text search for multilingual policy documents")
set(CPACK_PACKAGE_DESCRIPTION
"dossier indexes folders of documents (text, Markdown, HTML, PDF, Word,
OpenDocument) in many languages into a Xapian database and answers ranked
queries over it. Words are normalized, segmented and stemmed in each
document's own language, and each document is tagged with the countries,
organisations, named cyber incidents and threat actors it is about, for
filtering and facet counts.

dossier-index builds and incrementally updates the index (safe under cron
or the included systemd timer); dossier-search queries it with text, JSON
or path output; dossier-gazetteer imports MISP galaxy clusters as extra
incidents and actors.")
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)
set(CPACK_STRIP_FILES ON)
set(CPACK_DEBIAN_PACKAGE_RELEASE 1)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_SECTION text)
set(CPACK_DEBIAN_PACKAGE_PRIORITY optional)
# Depends: from the libraries the binaries link (dpkg-shlibdeps), and the
# Snowball library, which they open at run time (text/stemmer.cpp) and
# dpkg-shlibdeps cannot see: the package that holds it, named by dpkg.
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
execute_process(COMMAND dpkg-query -S "${stemmer_library_file}"
                OUTPUT_VARIABLE stemmer_package_line ERROR_QUIET RESULT_VARIABLE stemmer_package_status)
string(REGEX MATCH "^[^:]+" stemmer_package "${stemmer_package_line}")
if(NOT stemmer_package_status EQUAL 0 OR NOT stemmer_package)
  set(stemmer_package libstemmer0d)  # Debian 12's name, where dpkg does not know the file
endif()
set(CPACK_DEBIAN_PACKAGE_DEPENDS "${stemmer_package}")
# xapian-check, xapian-compact and xapian-tcpsrv work on dossier databases.
set(CPACK_DEBIAN_PACKAGE_SUGGESTS xapian-tools)
set(CPACK_DEBIAN_PACKAGE_CONTROL_STRICT_PERMISSION ON)

# A Debian package carries its changelog; `cmake --install` should not, so
# it is a component of its own, left out of a plain install and added to the
# package by a second entry in CPACK_INSTALL_CMAKE_PROJECTS.
string(TIMESTAMP dossier_changelog_date "%a, %d %b %Y %H:%M:%S +0000" UTC)
set(dossier_changelog ${PROJECT_BINARY_DIR}/doc/changelog.Debian)
file(WRITE ${dossier_changelog}
"dossier (${PROJECT_VERSION}-${CPACK_DEBIAN_PACKAGE_RELEASE}) unstable; urgency=medium

  * Built from the dossier source tree with CPack (scripts/package).

 -- ${DOSSIER_MAINTAINER}  ${dossier_changelog_date}
")
execute_process(COMMAND ${DOSSIER_GZIP} -9 -n -f ${dossier_changelog} COMMAND_ERROR_IS_FATAL ANY)
install(FILES ${dossier_changelog}.gz DESTINATION ${CMAKE_INSTALL_DOCDIR}
        COMPONENT debian EXCLUDE_FROM_ALL)
set(CPACK_INSTALL_CMAKE_PROJECTS
    "${PROJECT_BINARY_DIR};${PROJECT_NAME};ALL;/"
    "${PROJECT_BINARY_DIR};${PROJECT_NAME};debian;/")
include(CPack)
