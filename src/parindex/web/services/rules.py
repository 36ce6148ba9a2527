"""Who may do what with the service index in the web. Its dashboard is public: every visitor reads
it, signed in or not, so its pages check no permission (the board holds no official's id, nothing
a unit has not published). Permissions for writing records belong here when the web takes them."""
