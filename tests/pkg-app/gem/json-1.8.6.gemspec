# -*- encoding: utf-8 -*-

Gem::Specification.new do |s|
  s.name = %q{json}
  s.version = "1.8.6"

  s.required_rubygems_version = Gem::Requirement.new(">= 0") if s.respond_to? :required_rubygems_version=
  s.authors = [%q{Florian Frank}]
  s.date = %q{2017-01-13}
  s.description = %q{This is a JSON implementation as a Ruby extension in C.}
  s.email = %q{flori@ping.de}
  s.homepage = %q{http://flori.github.com/json}
  s.licenses = [%q{Ruby}]
  s.require_paths = [%q{lib}]
  s.rubygems_version = %q{1.8.23}
  s.summary = %q{JSON Implementation for Ruby}
end
