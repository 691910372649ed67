# SPDX-License-Identifier: BSD-3-Clause
# Copyright(c) 2026 The netlo authors
#
# Sphinx configuration of netlo's guides. Built by meson with -Ddocs=true
# (doc/meson.build) and by the 'docs' test (test/docs.sh), both with
# sphinx-build -W. Debian 12 packages: python3-sphinx (5.3), graphviz,
# and optionally python3-sphinx-rtd-theme.

import configparser
import os
import re

from docutils import nodes
from docutils.parsers.rst import Directive

here = os.path.dirname(os.path.abspath(__file__))


def project_version():
    """The version in the top-level meson.build's project() call."""
    with open(os.path.join(here, '..', '..', 'meson.build'), encoding='utf-8') as f:
        m = re.search(r"version:\s*'([^']+)'", f.read())
    return m.group(1) if m else 'unknown'


project = 'netlo'
copyright = '2026, The netlo authors'
author = 'The netlo authors'
version = release = project_version()

extensions = ['sphinx.ext.graphviz']
graphviz_output_format = 'svg'
graphviz_dot_args = ['-Gfontname=sans-serif', '-Nfontname=sans-serif',
                     '-Efontname=sans-serif']

exclude_patterns = ['_build']
pygments_style = 'sphinx'
html_show_sourcelink = False

try:
    import sphinx_rtd_theme  # noqa: F401 (python3-sphinx-rtd-theme)
    html_theme = 'sphinx_rtd_theme'
except ImportError:
    html_theme = 'alabaster'   # Sphinx's default theme


class FeatureTable(Directive):
    """
    A table of a features .ini file's [Features] section: one row per key,
    the feature and its value, in the file's order. The ';' comments are
    left out (the page shows the file itself for them).

        .. lo-features:: features/lo.ini
    """
    required_arguments = 1
    has_content = False

    def run(self):
        env = self.state.document.settings.env
        rel, path = env.relfn2path(self.arguments[0])
        env.note_dependency(rel)
        ini = configparser.ConfigParser(delimiters=('=',), comment_prefixes=(';',),
                                        interpolation=None)
        ini.optionxform = str   # keep the features' spelling
        try:
            with open(path, encoding='utf-8') as f:
                ini.read_file(f)
        except (OSError, configparser.Error) as e:
            raise self.error('lo-features: cannot read %s: %s' % (path, e))
        if not ini.has_section('Features'):
            raise self.error('lo-features: %s has no [Features] section' % path)
        rows = list(ini.items('Features'))

        table = nodes.table(classes=['lo-features'])
        group = nodes.tgroup(cols=2)
        table += group
        for width in (3, 1):
            group += nodes.colspec(colwidth=width)

        def row(cells):
            r = nodes.row()
            for text in cells:
                entry = nodes.entry()
                entry += nodes.paragraph(text=text)
                r += entry
            return r

        head = nodes.thead()
        head += row(['Feature', os.path.splitext(os.path.basename(path))[0]])
        body = nodes.tbody()
        for key, value in rows:
            body += row([key, value])
        group += head
        group += body
        return [table]


def setup(app):
    app.add_directive('lo-features', FeatureTable)
    return {'parallel_read_safe': True, 'parallel_write_safe': True}
