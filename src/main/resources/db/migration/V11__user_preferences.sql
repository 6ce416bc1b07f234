-- What each user chose in the user menu: the portal's language and its colour scheme.
-- Null means "follow the browser" (its language, the operating system's light or dark mode).
alter table app_user add column ui_language varchar(8);
alter table app_user add column color_scheme varchar(8);
alter table app_user add constraint ck_app_user_color_scheme check (color_scheme in ('light', 'dark'));
