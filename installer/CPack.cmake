# The Debian package (cpack -G DEB in a build directory, or bash installer/package.sh):
# everything the install() rules put under the prefix (both programs, translations,
# desktop entry, icons, AppStream metainfo) as clientela_VERSION_ARCH.deb.
# Depends is computed by dpkg-shlibdeps from the programs' libraries, plus what they open
# at run time without linking it: tzdata (time zones for date::current_zone). wx3.2-i18n
# is recommended: wxWidgets' own Spanish catalogue for stock dialogs and buttons.
set(CPACK_GENERATOR "DEB")
set(CPACK_PACKAGE_NAME "clientela")
set(CPACK_PACKAGE_VENDOR "Clientela")
set(CPACK_PACKAGE_VERSION "${PROJECT_VERSION}")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "contact and consent manager for small shops")
set(CPACK_PACKAGE_DESCRIPTION
    "Clientela keeps a small shop's customers and records each one's consent to be\n"
    "contacted (channel, purpose, exact wording) in an append-only hash-chained ledger.\n"
    "It includes the desktop app (clientela) and the command-line tool (clientela-cli).")
string(JOIN "" CPACK_PACKAGE_DESCRIPTION ${CPACK_PACKAGE_DESCRIPTION})
set(CPACK_PACKAGE_CONTACT "Clientela maintainers <maintainers@clientela.example>")
set(CPACK_PACKAGING_INSTALL_PREFIX "/usr")
set(CPACK_STRIP_FILES ON)  # debug info stays in the build directory

set(CPACK_DEBIAN_FILE_NAME "DEB-DEFAULT")  # clientela_0.1.0_amd64.deb
set(CPACK_DEBIAN_PACKAGE_SECTION "misc")
set(CPACK_DEBIAN_PACKAGE_PRIORITY "optional")
set(CPACK_DEBIAN_PACKAGE_HOMEPAGE "${CLIENTELA_HOMEPAGE}")
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
set(CPACK_DEBIAN_PACKAGE_DEPENDS "tzdata")  # dpkg-shlibdeps' list is appended to this
set(CPACK_DEBIAN_PACKAGE_RECOMMENDS "wx3.2-i18n")
set(CPACK_DEBIAN_PACKAGE_CONTROL_STRICT_PERMISSION ON)

include(CPack)
